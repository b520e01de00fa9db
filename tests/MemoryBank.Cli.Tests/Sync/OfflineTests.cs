using MemoryBank.Cli.Tests.Infrastructure;

namespace MemoryBank.Cli.Tests.Sync;

/// <summary>I6: with the remote unreachable, start and save keep the work locally and the next sync publishes it.</summary>
public sealed class OfflineTests
{
    private const string Lessons = "lessons-buffer.md";
    private const string Pending = "refs/memory-bank/pending";

    [Fact]
    public void Start_RemoteUnreachable_WarnsExits3AndKeepsLocalEdits()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        SyncScenario.AppendEntry(alice, Lessons, "unsaved while offline");
        var head = scenario.Git(alice, "rev-parse", "HEAD");

        ProcessResult start;
        using (scenario.TakeRemoteOffline())
        {
            start = scenario.Run(alice, "start");
        }

        Assert.True(start.ExitCode == 3, SyncScenario.Describe(start));
        Assert.Contains("unreachable", start.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("- unsaved while offline", SyncScenario.ReadBank(alice, Lessons), StringComparison.Ordinal);
        Assert.Equal(head, scenario.Git(alice, "rev-parse", "HEAD"));
        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", Pending).ExitCode);
    }

    [Fact]
    public void Save_RemoteUnreachable_CommitsPendingExits3AndNextStartPublishes()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var before = scenario.RemoteTip();
        SyncScenario.AppendEntry(alice, Lessons, "saved while offline");

        ProcessResult save;
        using (scenario.TakeRemoteOffline())
        {
            save = scenario.Run(alice, "save", "--json");
        }

        Assert.True(save.ExitCode == 3, SyncScenario.Describe(save));
        Assert.True(SyncScenario.Json(save).GetProperty("Pending").GetBoolean());
        var pending = scenario.Git(alice, "rev-parse", Pending);
        Assert.Contains("- saved while offline", scenario.Git(alice, "show", $"{pending}:{SyncScenario.BankPath}/{Lessons}"), StringComparison.Ordinal);
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Empty(scenario.StatusLines(alice));
        Assert.Contains("offline save pending", scenario.Run(alice, "status", "--no-fetch").AssertSuccess().StandardOutput, StringComparison.Ordinal);

        var start = scenario.Run(alice, "start");

        Assert.True(start.ExitCode == 0, SyncScenario.Describe(start));
        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", Pending).ExitCode);
        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank(Lessons), "- saved while offline"));
        Assert.True(scenario.IsAncestorOnRemote(before, scenario.RemoteTip()));
        Assert.Equal(SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md", before)) + 1, SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md")));
        Assert.Empty(scenario.StatusLines(alice));
    }

    [Fact]
    public void Save_OfflineThenSaveOnline_PublishesOnceWithOneSessionLogEntry()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var before = scenario.RemoteTip();
        SyncScenario.AppendEntry(alice, Lessons, "saved while offline");
        using (scenario.TakeRemoteOffline())
        {
            Assert.Equal(3, scenario.Run(alice, "save").ExitCode);
        }

        var save = scenario.Run(alice, "save");

        Assert.True(save.ExitCode == 0, SyncScenario.Describe(save));
        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", Pending).ExitCode);
        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank(Lessons), "- saved while offline"));
        Assert.Equal(SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md", before)) + 1, SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md")));
    }

    [Fact]
    public void SaveLocal_RemoteUrlBroken_CommitsWithoutNetworkAndExits0()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var before = scenario.RemoteTip();
        scenario.Git(alice, "remote", "set-url", "origin", Path.Combine(scenario.Sandbox.Root, "missing.git"));
        SyncScenario.AppendEntry(alice, Lessons, "saved locally");

        var save = scenario.Run(alice, "save", "--local");

        Assert.True(save.ExitCode == 0, SyncScenario.Describe(save));
        Assert.DoesNotContain("unreachable", save.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("- saved locally", scenario.Git(alice, "show", $"{Pending}:{SyncScenario.BankPath}/{Lessons}"), StringComparison.Ordinal);
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Empty(scenario.StatusLines(alice));

        scenario.Git(alice, "remote", "set-url", "origin", scenario.RemotePath);
        scenario.Run(alice, "save").AssertSuccess();

        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", Pending).ExitCode);
        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank(Lessons), "- saved locally"));
    }

    // I4 and I5 after an offline save: once published, main follows origin/main again, so git pull works.
    [Fact]
    public void Save_OfflineWhileAnotherClonePublished_MainFollowsOriginAndPullWorks()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        scenario.Git(alice, "remote", "set-url", "origin", Path.Combine(scenario.Sandbox.Root, "missing.git"));
        SyncScenario.AppendEntry(alice, Lessons, "alice offline");
        Assert.Equal(3, scenario.Run(alice, "save").ExitCode);
        SyncScenario.AppendEntry(bob, Lessons, "bob online");
        scenario.Run(bob, "save").AssertSuccess();
        scenario.Git(alice, "remote", "set-url", "origin", scenario.RemotePath);

        scenario.Run(alice, "save").AssertSuccess();

        var remote = scenario.RemoteBank(Lessons);
        Assert.Equal(1, SyncScenario.CountLines(remote, "- alice offline"));
        Assert.Equal(1, SyncScenario.CountLines(remote, "- bob online"));
        Assert.Equal(scenario.RemoteTip(), scenario.Git(alice, "rev-parse", "HEAD"));
        Assert.Equal(string.Empty, scenario.Git(alice, "rev-list", "--merges", "HEAD"));
        var pull = scenario.TryGit(alice, "pull");
        Assert.True(pull.ExitCode == 0, SyncScenario.Describe(pull));
        Assert.Empty(scenario.StatusLines(alice));
    }

    // The mass deletion was allowed when it was saved offline; publishing it later must not ask again.
    [Fact]
    public void Save_AfterOfflineSaveWithAllowDeletes_PublishesWithoutAskingAgain()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var preamble = SyncScenario.ReadBank(alice, Lessons);
        for (var i = 0; i < 12; i++)
        {
            SyncScenario.AppendEntry(alice, Lessons, $"lesson {i:00}");
        }

        scenario.Run(alice, "save").AssertSuccess();
        SyncScenario.WriteBank(alice, Lessons, preamble);
        using (scenario.TakeRemoteOffline())
        {
            Assert.Equal(3, scenario.Run(alice, "save", "--allow-deletes").ExitCode);
        }

        var save = scenario.Run(alice, "save");

        Assert.True(save.ExitCode == 0, SyncScenario.Describe(save));
        Assert.DoesNotContain("- lesson", scenario.RemoteBank(Lessons), StringComparison.Ordinal);
        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", Pending).ExitCode);
    }

    // The offline save was folded into main; the next sync runs on a feature branch made before it. The
    // pending content comes along, is published once, and main later follows origin/main again.
    [Fact]
    public void Start_OnAnotherBranchAfterOfflineSaveOnMain_PublishesPendingAndMainCatchesUp()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var before = scenario.RemoteTip();
        SyncScenario.AppendEntry(alice, Lessons, "saved offline on main");
        using (scenario.TakeRemoteOffline())
        {
            Assert.Equal(3, scenario.Run(alice, "save").ExitCode);
        }

        scenario.Git(alice, "switch", "-q", "-c", "feature", before);
        Assert.DoesNotContain("saved offline on main", SyncScenario.ReadBank(alice, Lessons), StringComparison.Ordinal);

        scenario.Run(alice, "start").AssertSuccess();

        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank(Lessons), "- saved offline on main"));
        Assert.Equal(1, SyncScenario.CountLines(SyncScenario.ReadBank(alice, Lessons), "- saved offline on main"));
        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", Pending).ExitCode);
        Assert.Empty(scenario.StatusLines(alice));

        scenario.Git(alice, "switch", "-q", "main");
        scenario.Run(alice, "start").AssertSuccess();

        Assert.Equal(scenario.RemoteTip(), scenario.Git(alice, "rev-parse", "HEAD"));
        Assert.Equal(1, SyncScenario.CountLines(SyncScenario.ReadBank(alice, Lessons), "- saved offline on main"));
        Assert.Empty(scenario.StatusLines(alice));
    }
}
