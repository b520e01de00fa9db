using System.Globalization;
using System.Text;
using MemoryBank.Cli.Tests.Infrastructure;
using MemoryBank.Cli.Tests.Sync;

namespace MemoryBank.Cli.Tests.Harvest;

/// <summary>
/// Writes buffer entries that each carry a unique token on their first line (and only there), and counts
/// where a token is: in a clone's buffers, in its Docs, or in the remote's. A harvested entry must be in
/// exactly one of the two places, never both and never neither.
/// </summary>
internal static class HarvestEntries
{
    public const string Patterns = "patterns-buffer.md";
    public const string Lessons = "lessons-buffer.md";
    public const string Decisions = "decisions-inbox.md";
    public const string PatternsDoc = "Docs/03-Reference/Patterns.md";
    public const string LessonsFolder = "Docs/06-PostMortems";
    public const string AdrFolder = "Docs/03-Reference/ADR";
    public const string DocsFolder = "Docs";

    public static readonly string[] Buffers = [Patterns, Lessons, Decisions];

    /// <summary>Two non-blank lines: ten of them reach the patterns threshold (20 lines).</summary>
    public static string PatternEntry(string token, string persona = "alice", int minute = 0) =>
        $"- 2026-11-20 10:{minute:00} [{persona}] Pattern {token}\n  - why: detail line {minute}\n";

    /// <summary>Two non-blank lines: eight of them reach the lessons threshold (15 lines).</summary>
    public static string LessonEntry(string token, string persona = "alice", int minute = 0) =>
        $"- 2026-11-20 11:{minute:00} [{persona}] Lesson {token}\n  What happened in case {minute}.\n";

    /// <summary>One item: five of them reach the decisions threshold (5 items).</summary>
    public static string DecisionEntry(string token, string persona = "alice", int minute = 0) =>
        $"- 2026-11-20 12:{minute:00} [{persona}] Decision {token}\n  Context: context number {minute}\n  Decision: choice number {minute}\n";

    /// <summary>Appends raw entry text to a buffer of <paramref name="clone"/>.</summary>
    public static void Append(string clone, string buffer, string entryText)
    {
        var path = SyncScenario.BankFile(clone, buffer);
        var current = File.ReadAllText(path);
        var separator = current.Length == 0 || current.EndsWith('\n') ? string.Empty : "\n";
        File.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(current + separator + entryText));
    }

    /// <summary>Appends <paramref name="count"/> patterns <c>{prefix}01</c>… and returns their tokens.</summary>
    public static IReadOnlyList<string> AddPatterns(string clone, string prefix, int count, string persona = "alice") =>
        AddMany(clone, Patterns, prefix, count, (t, m) => PatternEntry(t, persona, m));

    /// <summary>Appends <paramref name="count"/> lessons and returns their tokens.</summary>
    public static IReadOnlyList<string> AddLessons(string clone, string prefix, int count, string persona = "alice") =>
        AddMany(clone, Lessons, prefix, count, (t, m) => LessonEntry(t, persona, m));

    /// <summary>Appends <paramref name="count"/> decisions and returns their tokens.</summary>
    public static IReadOnlyList<string> AddDecisions(string clone, string prefix, int count, string persona = "alice") =>
        AddMany(clone, Decisions, prefix, count, (t, m) => DecisionEntry(t, persona, m));

    /// <summary>Lines of the clone's three buffers that contain <paramref name="token"/>.</summary>
    public static int InBuffers(string clone, string token) =>
        Buffers.Sum(b => CountLines(File.Exists(SyncScenario.BankFile(clone, b)) ? File.ReadAllText(SyncScenario.BankFile(clone, b)) : null, token));

    /// <summary>Lines of every file under the clone's Docs folder that contain <paramref name="token"/>.</summary>
    public static int InDocs(string clone, string token)
    {
        var docs = Path.Combine(clone, DocsFolder);
        return Directory.Exists(docs)
            ? Directory.EnumerateFiles(docs, "*", SearchOption.AllDirectories).Sum(f => CountLines(File.ReadAllText(f), token))
            : 0;
    }

    /// <summary>Lines of the remote main's three buffers that contain <paramref name="token"/>.</summary>
    public static int OnRemoteBuffers(SyncScenario scenario, string token, string revision = "refs/heads/main") =>
        Buffers.Sum(b => CountLines(scenario.RemoteBank(b, revision), token));

    /// <summary>Lines under the remote main's Docs folder that contain <paramref name="token"/>.</summary>
    public static int OnRemoteDocs(SyncScenario scenario, string token, string revision = "refs/heads/main") =>
        RemoteDocFiles(scenario, revision).Sum(f => CountLines(scenario.Git(scenario.RemotePath, "show", $"{revision}:{f}"), token));

    /// <summary>The repository paths under Docs on the remote's main.</summary>
    public static IReadOnlyList<string> RemoteDocFiles(SyncScenario scenario, string revision = "refs/heads/main") =>
        SyncScenario.Lines(scenario.Git(scenario.RemotePath, "ls-tree", "-r", "--name-only", revision, "--", DocsFolder));

    /// <summary>The ADR file names (not paths) on the remote's main.</summary>
    public static IReadOnlyList<string> RemoteAdrs(SyncScenario scenario, string revision = "refs/heads/main") =>
        RemoteDocFiles(scenario, revision).Where(f => f.StartsWith(AdrFolder + "/", StringComparison.Ordinal)).Select(f => f[(AdrFolder.Length + 1)..]).ToArray();

    /// <summary>Each token is in the clone's buffers or its docs exactly once, never both, never neither.</summary>
    public static void AssertEachInBufferOrDocs(string clone, IEnumerable<string> tokens, string where)
    {
        foreach (var token in tokens)
        {
            var buffered = InBuffers(clone, token);
            var documented = InDocs(clone, token);
            Assert.True(buffered + documented == 1, $"{where}: {token} is {buffered} time(s) in the buffers and {documented} time(s) in the docs of {Path.GetFileName(clone)}");
        }
    }

    /// <summary>Each token is in the clone's docs exactly once and gone from its buffers.</summary>
    public static void AssertEachHarvestedOnce(string clone, IEnumerable<string> tokens, string where)
    {
        foreach (var token in tokens)
        {
            Assert.True(InBuffers(clone, token) == 0, $"{where}: {token} is still in a buffer of {Path.GetFileName(clone)}");
            Assert.True(InDocs(clone, token) == 1, $"{where}: {token} is {InDocs(clone, token)} time(s) in the docs of {Path.GetFileName(clone)}");
        }
    }

    /// <summary>Each token is in the remote main's docs exactly once and gone from its buffers.</summary>
    public static void AssertEachHarvestedOnceOnRemote(SyncScenario scenario, IEnumerable<string> tokens)
    {
        foreach (var token in tokens)
        {
            Assert.True(OnRemoteBuffers(scenario, token) == 0, $"{token} is still in a buffer on the remote");
            var documented = OnRemoteDocs(scenario, token);
            Assert.True(documented == 1, $"{token} is {documented} time(s) in the remote's docs");
        }
    }

    /// <summary>The numbers of the <c>ADR-NNN-*.md</c> files in <paramref name="names"/>.</summary>
    public static IReadOnlyList<int> AdrNumbers(IEnumerable<string> names) =>
        names.Where(n => n.StartsWith("ADR-", StringComparison.Ordinal))
            .Select(n => int.Parse(n[4..n.IndexOf('-', 4)], CultureInfo.InvariantCulture))
            .ToArray();

    /// <summary>The merge commits (more than one parent) in the history of <paramref name="revision"/>.</summary>
    public static IReadOnlyList<string> MergeCommits(SyncScenario scenario, string repository, string revision = "HEAD") =>
        SyncScenario.Lines(scenario.Git(repository, "rev-list", "--merges", revision));

    /// <summary>Puts <paramref name="files"/> (path → text) on the remote's main with a plain git commit and push from <paramref name="clone"/>.</summary>
    public static void CommitAndPush(SyncScenario scenario, string clone, IReadOnlyDictionary<string, string> files, string message = "docs")
    {
        foreach (var (path, text) in files)
        {
            GitSandbox.Write(Path.Combine(clone, path.Replace('/', Path.DirectorySeparatorChar)), text);
        }

        scenario.Git(clone, ["add", "--", .. files.Keys]);
        scenario.Git(clone, "commit", "-q", "-m", message);
        scenario.Git(clone, "push", "-q", "origin", "HEAD:main");
    }

    private static IReadOnlyList<string> AddMany(string clone, string buffer, string prefix, int count, Func<string, int, string> entry)
    {
        var tokens = new List<string>();
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            var token = $"{prefix}{i:00}";
            tokens.Add(token);
            text.Append(entry(token, i));
        }

        Append(clone, buffer, text.ToString());
        return tokens;
    }

    private static int CountLines(string? text, string token) =>
        text is null ? 0 : text.Split('\n').Count(l => l.Contains(token, StringComparison.Ordinal));
}
