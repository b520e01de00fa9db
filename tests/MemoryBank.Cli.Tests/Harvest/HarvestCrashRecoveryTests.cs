using MemoryBank.Cli.Tests.Sync;
using static MemoryBank.Cli.Tests.Harvest.HarvestEntries;

namespace MemoryBank.Cli.Tests.Harvest;

/// <summary>
/// A harvest killed (MEMORYBANK_CRASH_AT, SIGKILL) after its push: the next start or harvest finishes it.
/// Docs and buffers agree, the work tree is clean, nothing is harvested twice and the journal is gone.
/// </summary>
public sealed class HarvestCrashRecoveryTests
{
    public static TheoryData<string, string> CrashPoints() => new()
    {
        { "after-push", "start" },
        { "mid-worktree", "start" },
        { "mid-docs", "start" },
        { "after-worktree", "start" },
        { "before-fold", "start" },
        { "after-fold", "start" },
        { "after-push", "harvest" },
        { "mid-docs", "harvest" },
        { "before-fold", "harvest" },
    };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void Harvest_KilledAtCrashPoint_NextRunCompletesItWithoutHarvestingTwice(string crashPoint, string recovery)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        string[] tokens = [.. AddPatterns(alice, "pat", 10), .. AddLessons(alice, "les", 8), .. AddDecisions(alice, "dec", 3)];
        scenario.Run(alice, "save").AssertSuccess();
        var before = scenario.RemoteTip();

        var crashed = scenario.RunWith(alice, new Dictionary<string, string> { ["MEMORYBANK_CRASH_AT"] = crashPoint }, "harvest", "--force", "--yes");

        Assert.True(crashed.ExitCode != 0, $"the harvest should have been killed at {crashPoint}\n{SyncScenario.Describe(crashed)}");
        var published = scenario.RemoteTip();
        Assert.Equal(before, scenario.Git(scenario.RemotePath, "rev-parse", published + "^"));
        AssertEachHarvestedOnceOnRemote(scenario, tokens);

        var recovered = recovery == "start" ? scenario.Run(alice, "start") : scenario.Run(alice, "harvest", "--force", "--yes");

        Assert.True(recovered.ExitCode == 0, SyncScenario.Describe(recovered));
        Assert.Equal(published, scenario.RemoteTip());
        AssertEachHarvestedOnce(alice, tokens, $"after {recovery} recovered from {crashPoint}");
        Assert.Empty(scenario.StatusLines(alice));
        Assert.False(File.Exists(Path.Combine(alice, ".git", "memory-bank", "journal.json")), "the journal must be gone once the harvest finished");
        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", "refs/memory-bank/pending").ExitCode);
        Assert.Equal("refs/heads/main", scenario.Git(alice, "symbolic-ref", "HEAD"));

        // Linear: the branch ends on the published harvest, with no fold commit of its own.
        Assert.Equal(published, scenario.Git(alice, "rev-parse", "HEAD"));
        foreach (var doc in RemoteDocFiles(scenario))
        {
            Assert.Equal(scenario.Git(scenario.RemotePath, "show", "main:" + doc), File.ReadAllText(Path.Combine(alice, doc)).TrimEnd('\n'));
        }

        foreach (var file in scenario.RemoteBankFiles())
        {
            Assert.Equal(scenario.RemoteBank(file), SyncScenario.ReadBank(alice, file));
        }

        Assert.Single(SyncScenario.Lines(SyncScenario.ReadBank(alice, "SESSION_LOG.md")), l => l.StartsWith("- harvest:", StringComparison.Ordinal));
        var again = scenario.Run(alice, "harvest", "--force", "--yes");
        again.AssertSuccess();
        Assert.StartsWith("Nothing to harvest.", again.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(published, scenario.RemoteTip());
    }
}
