namespace MemoryBank.Cli.Tests.Sync;

/// <summary>
/// I8: a save killed at any step (MEMORYBANK_CRASH_AT, SIGKILL) loses nothing: the next save publishes the
/// edit exactly once and leaves the clone clean.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const string Lessons = "lessons-buffer.md";

    public static TheoryData<string, bool> CrashPoints() => new()
    {
        { "after-commit", false },
        { "after-push", false },
        { "mid-worktree", false },
        { "after-worktree", false },
        { "before-fold", false },
        { "after-fold", false },
        { "after-push", true },
        { "mid-worktree", true },
        { "before-fold", true },
        { "after-fold", true },
    };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void Save_KilledAtCrashPoint_NextSavePublishesTheEditExactlyOnce(string crashPoint, bool onFeatureBranch)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        if (onFeatureBranch)
        {
            scenario.Git(alice, "switch", "-q", "-c", "feature");
        }

        // Something incoming, so the crashed save also merges and rewrites files in the work tree.
        SyncScenario.AppendEntry(bob, Lessons, "from bob");
        SyncScenario.WriteActiveContext(bob, "bob's plan", new DateTime(2026, 11, 3, 8, 0, 0, DateTimeKind.Utc));
        scenario.Run(bob, "save").AssertSuccess();
        var before = scenario.RemoteTip();
        var logBefore = SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md"));
        SyncScenario.AppendEntry(alice, Lessons, "from alice");
        SyncScenario.AppendEntry(alice, "patterns-buffer.md", "alice pattern");

        var crashed = scenario.RunWith(alice, new Dictionary<string, string> { ["MEMORYBANK_CRASH_AT"] = crashPoint }, "save");
        Assert.True(crashed.ExitCode != 0, $"the save should have been killed at {crashPoint}\n{SyncScenario.Describe(crashed)}");

        var recovered = scenario.Run(alice, "save");

        Assert.True(recovered.ExitCode == 0, SyncScenario.Describe(recovered));
        var remote = scenario.RemoteBank(Lessons);
        Assert.Equal(1, SyncScenario.CountLines(remote, "- from alice"));
        Assert.Equal(1, SyncScenario.CountLines(remote, "- from bob"));
        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank("patterns-buffer.md"), "- alice pattern"));
        Assert.Contains("bob's plan", scenario.RemoteBank("activeContext.md"), StringComparison.Ordinal);
        Assert.Equal(logBefore + 1, SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md")));
        Assert.True(scenario.IsAncestorOnRemote(before, scenario.RemoteTip()));
        Assert.Empty(scenario.StatusLines(alice));
        foreach (var marker in new[] { "MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD" })
        {
            Assert.False(Path.Exists(Path.Combine(alice, ".git", marker)), $"{marker} exists after recovering from {crashPoint}");
        }

        Assert.False(File.Exists(Path.Combine(alice, ".git", "memory-bank", "journal.json")), "the journal must be gone once the sync finished");
        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", "refs/memory-bank/pending").ExitCode);
        Assert.Equal(onFeatureBranch ? "refs/heads/feature" : "refs/heads/main", scenario.Git(alice, "symbolic-ref", "HEAD"));

        foreach (var file in scenario.RemoteBankFiles())
        {
            Assert.Equal(scenario.RemoteBank(file), SyncScenario.ReadBank(alice, file));
        }

        var again = scenario.Run(alice, "save", "--json");
        Assert.True(SyncScenario.Json(again).GetProperty("UpToDate").GetBoolean(), SyncScenario.Describe(again));
    }

    // A harvest-style save (--allow-deletes) killed after its push: the plain save that follows finds the
    // deletion already published and must neither refuse it nor publish again.
    [Fact]
    public void SaveAllowDeletes_KilledAfterPush_NextPlainSaveSucceedsWithoutRepublishing()
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
        var crashed = scenario.RunWith(alice, new Dictionary<string, string> { ["MEMORYBANK_CRASH_AT"] = "after-push" }, "save", "--allow-deletes");
        Assert.True(crashed.ExitCode != 0, SyncScenario.Describe(crashed));
        var published = scenario.RemoteTip();

        var recovered = scenario.Run(alice, "save");

        Assert.True(recovered.ExitCode == 0, SyncScenario.Describe(recovered));
        Assert.Equal(published, scenario.RemoteTip());
        Assert.DoesNotContain("- lesson", scenario.RemoteBank(Lessons), StringComparison.Ordinal);
        Assert.Empty(scenario.StatusLines(alice));
    }
}
