using System.Text;
using System.Text.RegularExpressions;
using MemoryBank.Core.Git;
using MemoryBank.Core.Merge;
using MemoryBank.Core.Sync;

namespace MemoryBank.Cli.Tests.Sync;

/// <summary>
/// Drives six clones through seeded random bank work (add, edit and delete entries, rewrite activeContext,
/// start, save, save offline, harvest-style clears) with in-process <see cref="MemorySync"/> calls, and keeps a
/// reference model of what must survive. Reproducible: the same seed gives the same operations.
/// </summary>
internal sealed partial class ConvergenceSimulation : IDisposable
{
    public static readonly string[] Personas = ["product-owner", "tech-lead", "dev-engineer", "test-specialist", "debugger", "devops"];

    private static readonly string[] s_buffers = ["lessons-buffer.md", "patterns-buffer.md", "decisions-inbox.md"];

    private readonly Random _random;
    private readonly SimulatedClock _clock = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly MemorySync _sync;
    private readonly Dictionary<string, string> _clones = new(StringComparer.Ordinal);
    private readonly List<string> _log = [];

    // The reference model: entry id → (file, alive); activeContext writes, in time order; writes some clone
    // saw in its file when it rewrote it (replaced knowingly, so no conflict copy is owed).
    private readonly Dictionary<int, (string File, bool Alive)> _entries = [];
    private readonly List<ActiveContextWrite> _writes = [];
    private readonly HashSet<int> _replacedKnowingly = [];
    private int _nextEntry;

    public ConvergenceSimulation(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        Scenario = new SyncScenario();
        _sync = new MemorySync(new GitClient(Scenario.Sandbox.Root), _clock) { LockWait = TimeSpan.FromSeconds(5) };
        foreach (var persona in Personas)
        {
            var clone = Scenario.AddClone(persona);

            // In-process runs spawn git with this process's environment; give each clone its own identity.
            Scenario.Git(clone, "config", "user.name", persona);
            Scenario.Git(clone, "config", "user.email", persona + "@example.test");
            _clones[persona] = clone;
        }
    }

    public int Seed { get; }

    public SyncScenario Scenario { get; }

    public IReadOnlyDictionary<string, string> Clones => _clones;

    public IReadOnlyDictionary<int, (string File, bool Alive)> Entries => _entries;

    public IReadOnlyList<ActiveContextWrite> Writes => _writes;

    public IReadOnlySet<int> ReplacedKnowingly => _replacedKnowingly;

    public int OfflineSaves { get; private set; }

    public int ConflictedRewrites => _writes.Count(w => !_replacedKnowingly.Contains(w.Id)) - (_writes.Count > 0 ? 1 : 0);

    /// <summary>The seed and the last operations, for every assertion message.</summary>
    public string Describe(string what) =>
        $"{what}\nseed {Seed} (rerun with MEMORYBANK_SIM_SEED={Seed}); last operations:\n  {string.Join("\n  ", _log.TakeLast(25))}";

    /// <summary>Runs <paramref name="count"/> random operations.</summary>
    public void Run(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            var persona = Personas[_random.Next(Personas.Length)];
            var roll = _random.Next(100);
            var operation = roll switch
            {
                < 28 => "add",
                < 36 => "edit",
                < 44 => "delete",
                < 54 => "rewrite",
                < 70 => "start",
                < 88 => "save",
                < 95 => "save-offline",
                _ => "harvest",
            };
            _log.Add($"#{i} {persona} {operation}");
            Guarded(() => Apply(persona, operation));
        }
    }

    /// <summary>Runs <paramref name="action"/>; an exception other than a failed assertion fails with the seed and the last operations.</summary>
    private void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(Describe($"{_log[^1]} threw {ex.GetType().Name}: {ex.Message}"), ex);
        }
    }

    /// <summary>Every clone saves, then every clone starts, until a whole round publishes nothing; returns the rounds taken.</summary>
    public int SettleAll(int maxRounds)
    {
        for (var round = 1; round <= maxRounds; round++)
        {
            var tip = Scenario.RemoteTip();
            foreach (var persona in Personas)
            {
                _log.Add($"settle {round} {persona} save");
                Guarded(() => Save(persona, allowDeletes: false, offline: false));
            }

            foreach (var persona in Personas)
            {
                _log.Add($"settle {round} {persona} start");
                Guarded(() => _sync.Start(Request(persona)));
            }

            if (tip == Scenario.RemoteTip())
            {
                return round;
            }
        }

        return maxRounds + 1;
    }

    /// <summary>The files of a clone's bank folder, bank-relative, skipping interrupted atomic writes.</summary>
    public static SortedDictionary<string, byte[]> WorkTreeBank(string clone)
    {
        var root = SyncScenario.BankFile(clone, string.Empty);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            files[Path.GetRelativePath(root, path).Replace('\\', '/')] = File.ReadAllBytes(path);
        }

        return files;
    }

    /// <summary>The entry ids in <paramref name="text"/>, with repeats.</summary>
    public static IEnumerable<int> EntryIds(string text) =>
        EntryPattern().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The write ids in <paramref name="text"/> (activeContext and its conflict copies).</summary>
    public static IEnumerable<int> WriteIds(string text) =>
        WritePattern().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct();

    public void Dispose() => Scenario.Dispose();

    private void Apply(string persona, string operation)
    {
        var clone = _clones[persona];
        switch (operation)
        {
            case "add":
                var file = s_buffers[_random.Next(s_buffers.Length)];
                var id = _nextEntry++;
                _sync.Add(new AddEntryRequest { Path = clone, File = file, Text = $"entry-{id:0000} noted by {persona}", Persona = persona });
                _entries[id] = (file, true);
                break;
            case "edit":
            case "delete":
                EditOrDelete(clone, persona, operation == "edit");
                break;
            case "rewrite":
                Rewrite(clone, persona);
                break;
            case "start":
                var result = _sync.Start(Request(persona));
                Assert.False(result.Offline, Describe("start went offline with the remote reachable"));
                break;
            case "save":
                Save(persona, allowDeletes: false, offline: false);
                break;
            case "save-offline":
                Save(persona, allowDeletes: false, offline: true);
                break;
            case "harvest":
                Harvest(clone, persona);
                break;
        }
    }

    private void EditOrDelete(string clone, string persona, bool edit)
    {
        var file = s_buffers[_random.Next(s_buffers.Length)];
        var path = SyncScenario.BankFile(clone, file);
        var lines = File.ReadAllText(path).Split('\n').ToList();
        var candidates = Enumerable.Range(0, lines.Count).Where(i => lines[i].StartsWith("- ", StringComparison.Ordinal) && EntryPattern().IsMatch(lines[i])).ToList();
        if (candidates.Count == 0)
        {
            _log[^1] += " (nothing to change)";
            return;
        }

        var index = candidates[_random.Next(candidates.Count)];
        var oldId = EntryIds(lines[index]).Single();
        _entries[oldId] = (_entries[oldId].File, false);
        if (edit)
        {
            var newId = _nextEntry++;
            lines[index] = $"- {_clock.GetUtcNow():yyyy-MM-dd HH:mm} [{persona}] entry-{newId:0000} rewritten by {persona}";
            _entries[newId] = (file, true);
            _log[^1] += $" entry-{oldId:0000} -> entry-{newId:0000} in {file}";
        }
        else
        {
            lines.RemoveAt(index);
            _log[^1] += $" entry-{oldId:0000} from {file}";
        }

        GitSandboxWrite(path, string.Join('\n', lines));
    }

    private void Rewrite(string clone, string persona)
    {
        var path = SyncScenario.BankFile(clone, "activeContext.md");
        foreach (var seen in WriteIds(File.ReadAllText(path)))
        {
            _replacedKnowingly.Add(seen);
        }

        var id = _writes.Count;
        var text = $"# Active context\n\n## Now\n\n- write-{id:000} by {persona}\n\n## Next\n\n- next after write-{id:000}\n\n## Blocked\n\n- nothing blocks write-{id:000}\n";
        GitSandboxWrite(path, text);
        var when = _clock.GetUtcNow().UtcDateTime;
        File.SetLastWriteTimeUtc(path, when);
        _writes.Add(new ActiveContextWrite(id, persona, when, text));
        _log[^1] += $" write-{id:000}";
    }

    private void Harvest(string clone, string persona)
    {
        var file = s_buffers[_random.Next(s_buffers.Length)];
        var path = SyncScenario.BankFile(clone, file);
        var text = File.ReadAllText(path);
        foreach (var id in EntryIds(text))
        {
            _entries[id] = (_entries[id].File, false);
        }

        var kept = text.Split('\n').Where(l => !(l.StartsWith("- ", StringComparison.Ordinal) && EntryPattern().IsMatch(l)));
        GitSandboxWrite(path, string.Join('\n', kept));
        _log[^1] += $" cleared {file}";
        Save(persona, allowDeletes: true, offline: false);
    }

    private void Save(string persona, bool allowDeletes, bool offline)
    {
        var clone = _clones[persona];
        if (offline)
        {
            Scenario.Git(clone, "remote", "set-url", "origin", Path.Combine(Scenario.Sandbox.Root, "unreachable.git"));
        }

        try
        {
            SessionResult result;
            try
            {
                result = _sync.Save(Request(persona, allowDeletes));
            }
            catch (MassDeletionException ex)
            {
                // Many single deletions piled up before a save; the guard is right to ask, and the user confirms.
                Assert.True(ex.Removed >= 10 && ex.Removed * 2 > ex.Total, Describe($"mass-deletion guard fired for {ex.Removed} of {ex.Total}"));
                _log[^1] += $" (guard: {ex.Removed}/{ex.Total}, saved again with allow-deletes)";
                result = _sync.Save(Request(persona, allowDeletes: true));
            }

            Assert.True(offline == result.Offline, Describe($"save reported Offline={result.Offline} with the remote {(offline ? "unreachable" : "reachable")}"));
            if (offline)
            {
                OfflineSaves++;
                Assert.False(result.Published, Describe("an offline save published"));
            }
        }
        finally
        {
            if (offline)
            {
                Scenario.Git(clone, "remote", "set-url", "origin", Scenario.RemotePath);
            }
        }
    }

    private SyncRequest Request(string persona, bool allowDeletes = false) =>
        new() { Path = _clones[persona], Persona = persona, AllowDeletes = allowDeletes };

    private static void GitSandboxWrite(string path, string text) =>
        File.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    [GeneratedRegex(@"entry-(\d{4})")]
    private static partial Regex EntryPattern();

    [GeneratedRegex(@"write-(\d{3})")]
    private static partial Regex WritePattern();

    /// <summary>A clock the test moves; SESSION_LOG and added entries read it.</summary>
    private sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

/// <summary>One rewrite of activeContext.md: its id, writer, write time and whole text.</summary>
internal sealed record ActiveContextWrite(int Id, string Persona, DateTime Written, string Text)
{
    /// <summary>The text as compared after a sync (stamp line removed).</summary>
    public static string Unstamped(string text) => StampLine.Strip(text);
}
