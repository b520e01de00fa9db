using MemoryBank.Bench.Harness;

namespace MemoryBank.Bench.Suites;

/// <summary>
/// The four measured operations on a fixture, each a function of the runner (plain or traced) and an
/// iteration key, returning the timed milliseconds and, for memory-bank, its process. Untimed preparation (appending the
/// entry, the other clone publishing, the other side catching up) and checks (the entry really arrived)
/// are inside, so both sides of a pair always start from the same state: up to date, one change to make.
/// </summary>
internal sealed class SyncOperations
{
    public const string SaveWithMemoryBank = "memory-bank save";
    public const string SaveWithGit = "git pull, add, commit, push";
    public const string StartWithMemoryBank = "memory-bank start";
    public const string StartWithGit = "git fetch, merge --ff-only";

    private static readonly string s_lessons = SyncFixture.BankPath + "/lessons-buffer.md";
    private readonly BenchContext _context;
    private readonly SyncFixture _fixture;
    private readonly HashSet<string> _published = new(StringComparer.Ordinal);

    public SyncOperations(BenchContext context, SyncFixture fixture)
    {
        _context = context;
        _fixture = fixture;
    }

    /// <summary>Measure (a), MemoryBank: append one entry in clone A, then <c>memory-bank save</c>.</summary>
    public (double Ms, ProcessResult? Tool) MemoryBankSave(ProcessRunner runner, string key, bool verbose)
    {
        var marker = "save-mb-" + key;
        SyncFixture.AppendEntry(_fixture.CloneA, "alice", marker);
        var result = runner.Run(_context.Cli, verbose ? ["save", "--verbose"] : ["save"], _fixture.CloneA);
        RequirePublished(_fixture.CloneA, marker);

        // The raw-git clone catches up, so its next save has nothing incoming either.
        _context.Git(_fixture.CloneC, "pull", "--quiet", "--ff-only");
        return (result.ElapsedMs, result);
    }

    /// <summary>Measure (a), by hand: the same change in clone C, then pull, add, commit and push.</summary>
    public (double Ms, ProcessResult? Tool) GitSave(ProcessRunner runner, string key)
    {
        var marker = "save-git-" + key;
        var c = _fixture.CloneC;
        SyncFixture.AppendEntry(c, "carol", marker);
        var ms = runner.Run("git", ["pull"], c).ElapsedMs
            + runner.Run("git", ["add", s_lessons], c).ElapsedMs
            + runner.Run("git", ["commit", "-m", $"lessons: {marker}"], c).ElapsedMs
            + runner.Run("git", ["push"], c).ElapsedMs;
        RequirePublished(c, marker);

        // The MemoryBank clone catches up the way its user would.
        _context.MemoryBank(_fixture.CloneA, "start");
        return (ms, null);
    }

    /// <summary>Measure (b), MemoryBank: clone B has published one change; <c>memory-bank start</c> in A.</summary>
    public (double Ms, ProcessResult? Tool) MemoryBankStart(ProcessRunner runner, string key, bool verbose)
    {
        var marker = PublishFromB(key);
        var result = runner.Run(_context.Cli, verbose ? ["start", "--verbose"] : ["start"], _fixture.CloneA);
        RequireArrived(_fixture.CloneA, marker);
        return (result.ElapsedMs, result);
    }

    /// <summary>Measure (b), by hand: the same publication; fetch and fast-forward in clone C.</summary>
    public (double Ms, ProcessResult? Tool) GitStart(ProcessRunner runner, string key)
    {
        var marker = PublishFromB(key);
        var c = _fixture.CloneC;
        var ms = FetchAndFastForward(runner, c);
        RequireArrived(c, marker);
        return (ms, null);
    }

    /// <summary>Measure (c), MemoryBank: nothing was published since A's last start; <c>memory-bank start</c> in A.</summary>
    public double MemoryBankQuietStart(ProcessRunner runner)
    {
        var before = SyncFixture.Head(_context, _fixture.CloneA);
        var result = runner.Run(_context.Cli, ["start"], _fixture.CloneA);
        if (SyncFixture.Head(_context, _fixture.CloneA) != before)
        {
            throw new BenchmarkException($"A start with nothing new moved {_fixture.CloneA}'s HEAD.");
        }

        return result.ElapsedMs;
    }

    /// <summary>Measure (c), by hand: nothing new; fetch and fast-forward in clone C.</summary>
    public double GitQuietStart(ProcessRunner runner)
    {
        var c = _fixture.CloneC;
        var before = SyncFixture.Head(_context, c);
        var ms = FetchAndFastForward(runner, c);
        if (SyncFixture.Head(_context, c) != before)
        {
            throw new BenchmarkException($"A fetch with nothing new moved {c}'s HEAD.");
        }

        return ms;
    }

    // What a user types to take in the sync branch by hand; the two processes' times added up.
    private static double FetchAndFastForward(ProcessRunner runner, string clone) =>
        runner.Run("git", ["fetch"], clone).ElapsedMs
        + runner.Run("git", ["merge", "--ff-only", "origin/main"], clone).ElapsedMs;

    // Clone B publishes one change the way a MemoryBank user does (not timed), once per key: both sides
    // of a pair then take in the very same commit.
    private string PublishFromB(string key)
    {
        var marker = "start-" + key;
        if (_published.Add(key))
        {
            SyncFixture.AppendEntry(_fixture.CloneB, "bob", marker);
            _context.MemoryBank(_fixture.CloneB, "save");
        }

        return marker;
    }

    private void RequirePublished(string clone, string marker)
    {
        var remote = _context.Git(_fixture.Remote, "show", "main:" + s_lessons).StandardOutput;
        if (!remote.Contains(marker, StringComparison.Ordinal))
        {
            throw new BenchmarkException($"The save in {clone} did not publish '{marker}' to {_fixture.Remote}.");
        }

        if (SyncFixture.Head(_context, clone) != _fixture.RemoteTip(_context))
        {
            throw new BenchmarkException($"{clone}'s HEAD is not the remote's main after publishing '{marker}'.");
        }
    }

    private static void RequireArrived(string clone, string marker)
    {
        if (!SyncFixture.HasEntry(clone, marker))
        {
            throw new BenchmarkException($"The change '{marker}' published by clone B did not reach {clone}'s work tree.");
        }
    }
}
