using MemoryBank.Cli.Tests.Sync;
using MemoryBank.Core.Git;
using MemoryBank.Core.Sync;
using static MemoryBank.Cli.Tests.Harvest.HarvestEntries;

namespace MemoryBank.Cli.Tests.Harvest;

/// <summary>
/// Two clones harvesting at once: each entry is harvested exactly once, no ADR number is used twice, and the
/// clone whose push loses re-plans on the new state instead of publishing its stale plan.
/// </summary>
public sealed class HarvestConcurrencyTests
{
    [Fact]
    public async Task Harvest_TwoClonesAtTheSameMoment_EachEntryHarvestedOnceAndNoAdrNumberTwice()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var bob = scenario.AddClone("bob");
        string[] shared = [.. AddPatterns(alice, "pat", 10), .. AddDecisions(alice, "dec", 5)];
        scenario.Run(alice, "save").AssertSuccess();
        scenario.Run(bob, "start").AssertSuccess();
        var before = scenario.RemoteTip();

        // Each also holds a decision of its own that the other has never seen; with --force the loser's
        // re-plan still harvests its own, numbered after the winner's.
        Append(alice, Decisions, DecisionEntry("aown01", "alice", 40));
        Append(bob, Decisions, DecisionEntry("bown01", "bob", 41));

        var runs = await Task.WhenAll(scenario.RunAsync(alice, "harvest", "--yes", "--force"), scenario.RunAsync(bob, "harvest", "--yes", "--force"));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, SyncScenario.Describe(r)));
        string[] all = [.. shared, "aown01", "bown01"];
        AssertEachHarvestedOnceOnRemote(scenario, all);
        var numbers = AdrNumbers(RemoteAdrs(scenario));
        Assert.Equal(Enumerable.Range(1, 7), numbers.Order());
        Assert.True(scenario.IsAncestorOnRemote(before, scenario.RemoteTip()));
        Assert.Empty(MergeCommits(scenario, scenario.RemotePath, "refs/heads/main"));

        // A commit that says it harvested carries documents: the loser never publishes under its stale plan's message.
        foreach (var commit in SyncScenario.Lines(scenario.Git(scenario.RemotePath, "rev-list", $"{before}..refs/heads/main")))
        {
            var subject = scenario.Git(scenario.RemotePath, "log", "-1", "--format=%s", commit);
            Assert.Contains(" harvest: ", subject, StringComparison.Ordinal);
            Assert.Contains(scenario.TouchedFiles(scenario.RemotePath, commit), f => f.StartsWith(AdrFolder + "/", StringComparison.Ordinal));
        }
        foreach (var clone in new[] { alice, bob })
        {
            scenario.Run(clone, "start").AssertSuccess();
            AssertEachHarvestedOnce(clone, all, "after both harvests and a start");
            Assert.Empty(scenario.StatusLines(clone));
        }
    }

    // Deterministic: bob's fetch sees the remote before alice's harvest; a reference-transaction hook then
    // publishes alice's harvest, so bob's push is rejected and he must re-plan on her harvest.
    [Fact]
    public void Harvest_RemoteHarvestedBetweenFetchAndPush_LoserReplansOnTheNewState()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var bob = scenario.AddClone("bob");
        var patterns = AddPatterns(alice, "pat", 10);
        scenario.Run(alice, "save").AssertSuccess();
        scenario.Run(bob, "start").AssertSuccess();
        Append(alice, Lessons, LessonEntry("les01"));
        scenario.Run(alice, "save").AssertSuccess();
        var beforeHarvest = scenario.RemoteTip();
        Append(alice, Decisions, DecisionEntry("aown01", "alice", 40));
        scenario.Run(alice, "harvest", "--yes", "--force").AssertSuccess();
        var aliceHarvest = scenario.RemoteTip();
        scenario.Git(scenario.RemotePath, "update-ref", "refs/heads/parked", aliceHarvest);
        scenario.Git(scenario.RemotePath, "update-ref", "refs/heads/main", beforeHarvest);
        InstallPublishParkedHook(scenario, bob);
        Append(bob, Decisions, DecisionEntry("bown01", "bob", 41));

        var harvest = scenario.Run(bob, "harvest", "--yes", "--force", "--json");

        Assert.True(harvest.ExitCode == 0, SyncScenario.Describe(harvest));
        Assert.NotEqual(0, scenario.TryGit(scenario.RemotePath, "rev-parse", "-q", "--verify", "refs/heads/parked").ExitCode);
        var tip = scenario.RemoteTip();
        Assert.Equal(aliceHarvest, scenario.Git(scenario.RemotePath, "rev-parse", tip + "^"));

        // The stale plan had ten patterns, a lesson and bown01 as ADR 1; the new one has only bown01, as ADR 2.
        var item = Assert.Single(SyncScenario.Json(harvest).GetProperty("Items").EnumerateArray());
        Assert.Equal(2, item.GetProperty("AdrNumber").GetInt32());
        Assert.Equal($"{AdrFolder}/ADR-002-decision-bown01.md", item.GetProperty("TargetFile").GetString());
        Assert.Equal(["ADR-001-decision-aown01.md", "ADR-002-decision-bown01.md"], RemoteAdrs(scenario));
        string[] all = [.. patterns, "les01", "aown01", "bown01"];
        AssertEachHarvestedOnceOnRemote(scenario, all);
        Assert.Single(Directory.GetFiles(Path.Combine(bob, LessonsFolder)));
        AssertEachHarvestedOnce(bob, all, "bob after his re-planned harvest");
        Assert.Empty(scenario.StatusLines(bob));
        Assert.Empty(MergeCommits(scenario, scenario.RemotePath, "refs/heads/main"));
    }

    // The same race, but alice's harvest took everything bob's plan had: his re-plan is empty, so he publishes
    // nothing (his unsaved lesson, below its threshold, stays local as after a start), rather than his
    // local edits under the stale plan's "harvest" commit message.
    [Fact]
    public void Harvest_RemoteHarvestedEverythingBetweenFetchAndPush_LoserPublishesNothing()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var bob = scenario.AddClone("bob");
        var patterns = AddPatterns(alice, "pat", 10);
        scenario.Run(alice, "save").AssertSuccess();
        scenario.Run(bob, "start").AssertSuccess();
        Append(alice, Lessons, LessonEntry("les01"));
        scenario.Run(alice, "save").AssertSuccess();
        var beforeHarvest = scenario.RemoteTip();
        scenario.Run(alice, "harvest").AssertSuccess();
        var aliceHarvest = scenario.RemoteTip();
        scenario.Git(scenario.RemotePath, "update-ref", "refs/heads/parked", aliceHarvest);
        scenario.Git(scenario.RemotePath, "update-ref", "refs/heads/main", beforeHarvest);
        InstallPublishParkedHook(scenario, bob);
        Append(bob, Lessons, LessonEntry("bobl01", "bob", 50));

        var harvest = scenario.Run(bob, "harvest");

        Assert.True(harvest.ExitCode == 0, SyncScenario.Describe(harvest));
        Assert.StartsWith("Nothing to harvest.\n", harvest.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Published", harvest.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(aliceHarvest, scenario.RemoteTip());
        AssertEachHarvestedOnceOnRemote(scenario, patterns);
        Assert.Equal(0, OnRemoteBuffers(scenario, "bobl01"));
        AssertEachHarvestedOnce(bob, patterns, "bob after his empty re-plan");
        Assert.Equal(1, InBuffers(bob, "bobl01"));
        Assert.Equal(1, InBuffers(bob, "les01"));
        Assert.Equal(aliceHarvest, scenario.Git(bob, "rev-parse", "HEAD"));
        Assert.Equal([$" M {SyncScenario.BankPath}/{Lessons}"], scenario.StatusLines(bob));
    }

    // In process: the decision prompt runs between bob's fetch and his push, and alice publishes a harvest
    // from there. Bob's re-plan numbers his ADR after hers and does not ask about his decision again.
    [Fact]
    public void Harvest_RemoteMovesWhileConfirmingDecisions_ReplansWithoutAskingAgain()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var bob = scenario.AddClone("bob");
        scenario.Git(bob, "config", "user.name", "Bob");
        scenario.Git(bob, "config", "user.email", "bob@example.test");
        var shared = AddPatterns(alice, "pat", 3);
        scenario.Run(alice, "save").AssertSuccess();
        scenario.Run(bob, "start").AssertSuccess();
        Append(alice, Decisions, DecisionEntry("aown01", "alice", 40));
        Append(bob, Decisions, DecisionEntry("bown01", "bob", 41));
        var asked = new List<string>();
        var sync = new MemorySync(new GitClient(bob));

        var result = sync.Harvest(new HarvestRequest
        {
            Path = bob,
            Persona = "bob",
            Force = true,
            ConfirmDecision = item =>
            {
                asked.Add(item.Title);
                if (asked.Count == 1)
                {
                    scenario.Run(alice, "harvest", "--yes", "--force").AssertSuccess();
                }

                return true;
            },
        });

        Assert.Equal(["Decision bown01"], asked);
        Assert.True(result.Published);
        var item = Assert.Single(result.Items);
        Assert.Equal(2, item.AdrNumber);
        Assert.Equal(["ADR-001-decision-aown01.md", "ADR-002-decision-bown01.md"], RemoteAdrs(scenario));
        AssertEachHarvestedOnceOnRemote(scenario, [.. shared, "aown01", "bown01"]);
        AssertEachHarvestedOnce(bob, [.. shared, "aown01", "bown01"], "bob after the re-plan");
        Assert.Empty(scenario.StatusLines(bob));
    }

    private static void InstallPublishParkedHook(SyncScenario scenario, string clone)
    {
        var remote = scenario.RemotePath.Replace("'", "'\\''", StringComparison.Ordinal);
        var hook = Path.Combine(clone, ".git", "hooks", "reference-transaction");
        File.WriteAllText(hook, $"""
            #!/bin/sh
            [ "$1" = committed ] || exit 0
            if git --git-dir='{remote}' rev-parse -q --verify refs/heads/parked >/dev/null; then
              git --git-dir='{remote}' update-ref refs/heads/main refs/heads/parked
              git --git-dir='{remote}' update-ref -d refs/heads/parked
            fi
            exit 0

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
