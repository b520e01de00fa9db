using MemoryBank.Cli.Tests.Sync;
using static MemoryBank.Cli.Tests.Harvest.HarvestEntries;

namespace MemoryBank.Cli.Tests.Harvest;

/// <summary>
/// How a harvest travels between clones: one commit carries the docs and the buffer removals, every
/// clone sees each entry in exactly one place, a stale clone cannot bring harvested entries back, and
/// <c>--no-publish</c> keeps the harvest local until the next save.
/// </summary>
public sealed class HarvestPublishTests
{
    private const string Bank = SyncScenario.BankPath;

    [Fact]
    public void Harvest_DocsAndBufferRemovalsInOneCommit_EveryCloneSeesEachEntryInExactlyOnePlace()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var bob = scenario.AddClone("bob");
        var carol = scenario.AddClone("carol");
        scenario.Git(carol, "switch", "-q", "-c", "feature");
        string[] tokens = [.. AddPatterns(alice, "pat", 10), .. AddLessons(alice, "les", 8), .. AddDecisions(alice, "dec", 5)];
        scenario.Run(alice, "save").AssertSuccess();
        scenario.Run(bob, "start").AssertSuccess();
        scenario.Run(carol, "start").AssertSuccess();
        var before = scenario.RemoteTip();

        scenario.Run(alice, "harvest", "--yes").AssertSuccess();

        // One commit on origin/main: before it every entry is in a buffer, after it every entry is in the docs.
        var tip = scenario.RemoteTip();
        Assert.Equal(before, scenario.Git(scenario.RemotePath, "rev-parse", tip + "^"));
        var touched = scenario.TouchedFiles(scenario.RemotePath, tip);
        Assert.Contains($"{Bank}/{Patterns}", touched);
        Assert.Contains($"{Bank}/{Decisions}", touched);
        Assert.Contains(PatternsDoc, touched);
        Assert.Contains(touched, f => f.StartsWith(AdrFolder + "/", StringComparison.Ordinal));
        foreach (var token in tokens)
        {
            Assert.True(OnRemoteBuffers(scenario, token, before) == 1 && OnRemoteDocs(scenario, token, before) == 0, $"{token} before the harvest");
        }

        AssertEachHarvestedOnceOnRemote(scenario, tokens);
        AssertEachInBufferOrDocs(bob, tokens, "bob before start");
        AssertEachInBufferOrDocs(carol, tokens, "carol before start");

        foreach (var clone in new[] { alice, bob, carol })
        {
            scenario.Run(clone, "start").AssertSuccess();
            AssertEachInBufferOrDocs(clone, tokens, "after start");
            AssertEachHarvestedOnce(clone, tokens, "after start");
            Assert.Empty(scenario.StatusLines(clone));
            Assert.Empty(MergeCommits(scenario, clone));
        }

        // Bob had no commits of his own: start fast-forwards main onto the harvest, docs included.
        Assert.Equal(tip, scenario.Git(bob, "rev-parse", "HEAD"));
        Assert.Equal("refs/heads/feature", scenario.Git(carol, "symbolic-ref", "HEAD"));
        foreach (var doc in RemoteDocFiles(scenario))
        {
            Assert.Equal(scenario.Git(scenario.RemotePath, "show", "main:" + doc), scenario.Git(carol, "show", "HEAD:" + doc));
        }
    }

    [Fact]
    public void Save_StaleCloneAddsDecisionAfterHarvest_HarvestedEntriesStayGoneAndTheNewOneIsKeptOnce()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var bob = scenario.AddClone("bob");
        var decisions = AddDecisions(alice, "dec", 5);
        scenario.Run(alice, "save").AssertSuccess();
        scenario.Run(bob, "start").AssertSuccess();
        scenario.Run(alice, "harvest", "--yes").AssertSuccess();

        // Bob still sees the pre-harvest inbox when he adds a decision and saves.
        Append(bob, Decisions, DecisionEntry("new01", "bob", 30));
        scenario.Run(bob, "save").AssertSuccess();

        AssertEachHarvestedOnceOnRemote(scenario, decisions);
        Assert.Equal(1, OnRemoteBuffers(scenario, "new01"));
        Assert.Equal(0, OnRemoteDocs(scenario, "new01"));
        Assert.Equal(5, RemoteAdrs(scenario).Count);
        scenario.Run(alice, "start").AssertSuccess();
        foreach (var clone in new[] { alice, bob })
        {
            AssertEachHarvestedOnce(clone, decisions, "after bob's save");
            Assert.Equal(1, InBuffers(clone, "new01"));
            Assert.Equal(0, InDocs(clone, "new01"));
            Assert.Empty(scenario.StatusLines(clone));
        }
    }

    [Fact]
    public void HarvestNoPublish_CommitsLocallyAndTheNextSavePublishesDocsWithBuffers()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var bob = scenario.AddClone("bob");
        string[] tokens = [.. AddPatterns(alice, "pat", 10), .. AddDecisions(alice, "dec", 2)];
        scenario.Run(alice, "save").AssertSuccess();
        var before = scenario.RemoteTip();

        var harvest = scenario.Run(alice, "harvest", "--no-publish", "--force", "--yes");

        harvest.AssertSuccess();
        var pending = scenario.Git(alice, "rev-parse", "refs/memory-bank/pending");
        Assert.Contains($"Committed locally as {pending[..10]}; the next save publishes it.", harvest.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Equal(before, scenario.Git(alice, "rev-parse", pending + "^"));
        Assert.Equal(pending, scenario.Git(alice, "rev-parse", "HEAD"));
        AssertEachHarvestedOnce(alice, tokens, "after --no-publish");
        Assert.Empty(scenario.StatusLines(alice));
        foreach (var token in tokens)
        {
            Assert.Equal(1, OnRemoteBuffers(scenario, token));
            Assert.Equal(0, OnRemoteDocs(scenario, token));
        }

        // The remote moves meanwhile; the save publishes the pending harvest on top, in one commit.
        Append(bob, Lessons, LessonEntry("bob01", "bob"));
        scenario.Run(bob, "save").AssertSuccess();
        var bobTip = scenario.RemoteTip();

        var save = scenario.Run(alice, "save");

        save.AssertSuccess();
        var tip = scenario.RemoteTip();
        Assert.Equal(bobTip, scenario.Git(scenario.RemotePath, "rev-parse", tip + "^"));
        var touched = scenario.TouchedFiles(scenario.RemotePath, tip);
        Assert.Contains($"{Bank}/{Patterns}", touched);
        Assert.Contains($"{Bank}/{Decisions}", touched);
        Assert.Contains(PatternsDoc, touched);
        Assert.Contains($"{AdrFolder}/ADR-002-decision-dec02.md", touched);
        AssertEachHarvestedOnceOnRemote(scenario, tokens);
        Assert.Equal(1, OnRemoteBuffers(scenario, "bob01"));
        Assert.Single(SyncScenario.Lines(scenario.RemoteBank("SESSION_LOG.md")!), l => l.StartsWith("- harvest:", StringComparison.Ordinal));
        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", "refs/memory-bank/pending").ExitCode);
        Assert.Equal(tip, scenario.Git(alice, "rev-parse", "HEAD"));
        Assert.Empty(scenario.StatusLines(alice));
        Assert.Empty(MergeCommits(scenario, alice));

        scenario.Run(bob, "start").AssertSuccess();
        AssertEachHarvestedOnce(bob, tokens, "bob after start");
        Assert.Equal(tip, scenario.Git(bob, "rev-parse", "HEAD"));
    }
}
