namespace MemoryBank.Cli.Tests.Sync;

/// <summary>
/// The sync invariants, end to end: the <c>memory-bank</c> CLI against real clones of a bare remote.
/// </summary>
public sealed class SyncInvariantTests
{
    private const string Lessons = "lessons-buffer.md";

    // I1: no edit is lost when two clones save at the same moment.
    [Fact]
    public async Task Save_TwoClonesAtTheSameMoment_BothEditsReachTheRemote()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        var tips = new List<string> { scenario.RemoteTip() };

        for (var round = 0; round < 3; round++)
        {
            SyncScenario.AppendEntry(alice, Lessons, $"alice lesson {round}");
            SyncScenario.AppendEntry(bob, Lessons, $"bob lesson {round}");

            var saves = await Task.WhenAll(scenario.RunAsync(alice, "save"), scenario.RunAsync(bob, "save"));

            foreach (var save in saves)
            {
                Assert.True(save.ExitCode == 0, SyncScenario.Describe(save));
            }

            tips.Add(scenario.RemoteTip());
        }

        var remote = scenario.RemoteBank(Lessons);
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(1, SyncScenario.CountLines(remote, $"- alice lesson {round}"));
            Assert.Equal(1, SyncScenario.CountLines(remote, $"- bob lesson {round}"));
        }

        for (var i = 1; i < tips.Count; i++)
        {
            Assert.True(scenario.IsAncestorOnRemote(tips[i - 1], tips[i]), $"remote history was rewritten between {tips[i - 1]} and {tips[i]}");
        }
    }

    // I1: a push rejected because another clone published first refetches, remerges and retries; with
    // advice.pushUpdateRejected off, git's stderr says only "failed to push some refs".
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Save_RemoteMovesBetweenFetchAndPush_RefetchesRemergesAndRetries(bool pushAdvice)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        SyncScenario.AppendEntry(alice, Lessons, "alice first");
        scenario.Run(alice, "save").AssertSuccess();
        var first = scenario.RemoteTip();
        SyncScenario.AppendEntry(alice, Lessons, "alice second");
        scenario.Run(alice, "save").AssertSuccess();
        var second = scenario.RemoteTip();

        // Park alice's second save and let bob's fetch see the first; the hook publishes the second right
        // after bob's fetch updates its remote-tracking ref, so bob's push is a non-fast-forward.
        scenario.Git(scenario.RemotePath, "update-ref", "refs/heads/parked", second);
        scenario.Git(scenario.RemotePath, "update-ref", "refs/heads/main", first);
        var remote = scenario.RemotePath.Replace("'", "'\\''", StringComparison.Ordinal);
        var hook = Path.Combine(bob, ".git", "hooks", "reference-transaction");
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
        scenario.Git(bob, "config", "advice.pushUpdateRejected", pushAdvice ? "true" : "false");
        SyncScenario.AppendEntry(bob, Lessons, "bob only");

        var save = scenario.Run(bob, "save");

        Assert.True(save.ExitCode == 0, SyncScenario.Describe(save));
        Assert.Equal(string.Empty, scenario.TryGit(scenario.RemotePath, "rev-parse", "-q", "--verify", "refs/heads/parked").StandardOutput.Trim());
        var text = scenario.RemoteBank(Lessons);
        Assert.Equal(1, SyncScenario.CountLines(text, "- alice first"));
        Assert.Equal(1, SyncScenario.CountLines(text, "- alice second"));
        Assert.Equal(1, SyncScenario.CountLines(text, "- bob only"));
        Assert.True(scenario.IsAncestorOnRemote(second, scenario.RemoteTip()), "bob's save must build on alice's second save, not replace it");
        Assert.Empty(scenario.StatusLines(bob));
    }

    // A push the remote refuses for another reason than a race is not retried: it fails at once, saying
    // why, and the edit stays in the work tree.
    [Fact]
    public void Save_RemoteHookDeclinesPush_FailsWithoutRetryingAndKeepsTheEdit()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var before = scenario.RemoteTip();
        var hook = Path.Combine(scenario.RemotePath, "hooks", "pre-receive");
        File.WriteAllText(hook, "#!/bin/sh\necho 'main is protected' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        SyncScenario.AppendEntry(alice, Lessons, "kept locally");

        var save = scenario.Run(alice, "save");

        Assert.True(save.ExitCode == 1, SyncScenario.Describe(save));
        Assert.Contains("main is protected", save.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("kept publishing first", save.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Contains("- kept locally", SyncScenario.ReadBank(alice, Lessons), StringComparison.Ordinal);
    }

    // I2: save publishes exactly the bank, never code, and never rewrites remote history.
    [Fact]
    public void Save_DirtyStagedAndUntrackedCode_PublishesOnlyBankPaths()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var before = scenario.RemoteTip();
        File.AppendAllText(Path.Combine(alice, "src", "app.cs"), "// unstaged edit\n");
        File.AppendAllText(Path.Combine(alice, "README.md"), "staged edit\n");
        scenario.Git(alice, "add", "README.md");
        File.WriteAllText(Path.Combine(alice, "src", "new.cs"), "class New {}\n");
        SyncScenario.AppendEntry(alice, Lessons, "bank only");
        SyncScenario.WriteBank(alice, "notes/new-idea.md", "# New idea\n\n- a file the agent created\n");

        scenario.Run(alice, "save").AssertSuccess();

        var tip = scenario.RemoteTip();
        Assert.NotEqual(before, tip);
        Assert.True(scenario.IsAncestorOnRemote(before, tip), "save must never force-push");
        var touched = scenario.TouchedFiles(scenario.RemotePath, tip);
        Assert.NotEmpty(touched);
        Assert.All(touched, path => Assert.StartsWith(SyncScenario.BankPath + "/", path, StringComparison.Ordinal));
        Assert.Equal("# Project", scenario.Git(scenario.RemotePath, "show", $"{tip}:README.md"));
        Assert.Equal("class App {}", scenario.Git(scenario.RemotePath, "show", $"{tip}:src/app.cs"));
        Assert.NotEqual(0, scenario.TryGit(scenario.RemotePath, "cat-file", "-e", $"{tip}:src/new.cs").ExitCode);
        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank(Lessons), "- bank only"));
        Assert.Equal("# New idea\n\n- a file the agent created\n", scenario.RemoteBank("notes/new-idea.md"));
        Assert.Empty(scenario.StatusLines(alice, SyncScenario.BankPath));
        Assert.Equal(" M src/app.cs", scenario.StatusLines(alice).Single(l => l.EndsWith("app.cs", StringComparison.Ordinal)));
        Assert.Equal("M  README.md", scenario.StatusLines(alice).Single(l => l.EndsWith("README.md", StringComparison.Ordinal)));
    }

    // I3: start and save never switch branches and leave staged, unstaged and untracked code alone.
    [Fact]
    public void StartAndSave_FeatureBranchWithCodeChanges_LeaveBranchIndexAndCodeAlone()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        SyncScenario.AppendEntry(bob, Lessons, "from bob");
        scenario.Run(bob, "save").AssertSuccess();

        scenario.Git(alice, "switch", "-q", "-c", "feature");
        File.AppendAllText(Path.Combine(alice, "src", "app.cs"), "// committed on feature\n");
        scenario.Git(alice, "commit", "-q", "-am", "feature work");
        File.AppendAllText(Path.Combine(alice, "src", "app.cs"), "// staged\n");
        scenario.Git(alice, "add", "src/app.cs");
        File.AppendAllText(Path.Combine(alice, "src", "app.cs"), "// unstaged on top\n");
        File.AppendAllText(Path.Combine(alice, "README.md"), "unstaged readme\n");
        File.WriteAllText(Path.Combine(alice, "notes.txt"), "untracked\n");
        var code = Snapshot(scenario, alice);

        var start = scenario.Run(alice, "start");
        Assert.True(start.ExitCode == 0, SyncScenario.Describe(start));
        Assert.Equal(code, Snapshot(scenario, alice));
        Assert.Contains("- from bob", SyncScenario.ReadBank(alice, Lessons), StringComparison.Ordinal);

        SyncScenario.AppendEntry(alice, Lessons, "from alice on feature");
        var save = scenario.Run(alice, "save");
        Assert.True(save.ExitCode == 0, SyncScenario.Describe(save));

        Assert.Equal(code, Snapshot(scenario, alice));
        Assert.Empty(scenario.StatusLines(alice, SyncScenario.BankPath));
        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank(Lessons), "- from alice on feature"));
        Assert.All(scenario.TouchedFiles(scenario.RemotePath, scenario.RemoteTip()), path => Assert.StartsWith(SyncScenario.BankPath + "/", path, StringComparison.Ordinal));
        Assert.DoesNotContain("feature work", SyncScenario.Lines(scenario.Git(scenario.RemotePath, "log", "--format=%s", "refs/heads/main")));
        Assert.Equal("class App {}", scenario.Git(scenario.RemotePath, "show", "refs/heads/main:src/app.cs"));
    }

    // I5: with no local code commits, sync never creates merge commits and every clone's main follows origin/main.
    [Fact]
    public void StartAndSave_ManyRoundsWithoutCodeCommits_HistoryStaysLinear()
    {
        using var scenario = new SyncScenario();
        var clones = new[] { scenario.AddClone("alice"), scenario.AddClone("bob"), scenario.AddClone("carol") };
        for (var round = 0; round < 3; round++)
        {
            foreach (var clone in clones)
            {
                SyncScenario.AppendEntry(clone, Lessons, $"{Path.GetFileName(clone)} round {round}");
                scenario.Run(clone, round % 2 == 0 ? "save" : "start").AssertSuccess();
            }

            foreach (var clone in clones)
            {
                scenario.Run(clone, "save").AssertSuccess();
            }
        }

        foreach (var clone in clones)
        {
            scenario.Run(clone, "start").AssertSuccess();
        }

        Assert.Equal(string.Empty, scenario.Git(scenario.RemotePath, "rev-list", "--merges", "refs/heads/main"));
        var tip = scenario.RemoteTip();
        foreach (var clone in clones)
        {
            Assert.Equal(string.Empty, scenario.Git(clone, "rev-list", "--merges", "HEAD"));
            Assert.Equal(tip, scenario.Git(clone, "rev-parse", "HEAD"));
            Assert.Empty(scenario.StatusLines(clone));
        }
    }

    // I9: the later write of activeContext.md wins everywhere; the other survives as a conflict copy that status lists.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Save_BothClonesRewriteActiveContext_LaterWriteWinsAndLoserIsAConflictCopy(bool earlierWriterSavesFirst)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        var earlier = new DateTime(2026, 11, 2, 9, 30, 15, DateTimeKind.Utc);
        SyncScenario.WriteActiveContext(alice, "alice's plan", earlier);
        SyncScenario.WriteActiveContext(bob, "bob's plan", earlier.AddHours(1));

        var order = earlierWriterSavesFirst ? new[] { alice, bob } : new[] { bob, alice };
        foreach (var clone in order)
        {
            scenario.Run(clone, "save").AssertSuccess();
        }

        var active = scenario.RemoteBank("activeContext.md")!;
        Assert.Contains("bob's plan", active, StringComparison.Ordinal);
        Assert.DoesNotContain("alice's plan", active, StringComparison.Ordinal);
        Assert.StartsWith("<!-- memory-bank: updated=2026-11-02T10:30:15Z by=bob -->", active, StringComparison.Ordinal);
        var copy = scenario.RemoteBank("conflicts/activeContext.20261102T093015Z.alice.md");
        Assert.NotNull(copy);
        Assert.Contains("alice's plan", copy, StringComparison.Ordinal);
        Assert.Single(scenario.RemoteBankFiles(), f => f.StartsWith("conflicts/", StringComparison.Ordinal));

        foreach (var clone in new[] { alice, bob })
        {
            scenario.Run(clone, "start").AssertSuccess();
            var status = scenario.Run(clone, "status", "--json").AssertSuccess();
            var row = SyncScenario.Json(status).EnumerateArray().Single(r => r.GetProperty("File").GetString() == "activeContext.md");
            Assert.Equal(1, row.GetProperty("ConflictCopies").GetInt32());
            Assert.Contains("1 conflict copy", scenario.Run(clone, "status").AssertSuccess().StandardOutput, StringComparison.Ordinal);
            Assert.Equal(active, SyncScenario.ReadBank(clone, "activeContext.md"));
        }
    }

    // I9: a start that merges this clone's unsaved edit rewrites the file; the rewrite is not a new edit, so
    // a colleague's later edit still wins when this clone saves.
    [Fact]
    public void Save_OwnOlderEditCarriedThroughStart_ColleaguesNewerEditStillWins()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        var aliceWrote = DateTime.UtcNow.AddHours(-3);
        SyncScenario.WriteActiveContext(alice, "alice's older plan", aliceWrote);
        SyncScenario.AppendEntry(bob, Lessons, "something incoming");
        scenario.Run(bob, "save").AssertSuccess();
        scenario.Run(alice, "start").AssertSuccess();
        SyncScenario.WriteActiveContext(bob, "bob's newer plan", aliceWrote.AddHours(1));
        scenario.Run(bob, "save").AssertSuccess();

        scenario.Run(alice, "save").AssertSuccess();

        var active = scenario.RemoteBank("activeContext.md")!;
        Assert.Contains("bob's newer plan", active, StringComparison.Ordinal);
        Assert.Contains(scenario.RemoteBankFiles(), f => f.StartsWith("conflicts/activeContext.", StringComparison.Ordinal) && f.EndsWith(".alice.md", StringComparison.Ordinal));
    }

    // I10: deleting more than half (and at least ten) entries of a union buffer is refused unless allowed.
    [Fact]
    public void Save_MassDeletionOfABuffer_RefusedUntilAllowDeletes()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var preamble = SyncScenario.ReadBank(alice, Lessons);
        for (var i = 0; i < 12; i++)
        {
            SyncScenario.AppendEntry(alice, Lessons, $"lesson {i:00}");
        }

        scenario.Run(alice, "save").AssertSuccess();
        var published = scenario.RemoteTip();
        var kept = preamble + "- lesson 10\n- lesson 11\n";
        SyncScenario.WriteBank(alice, Lessons, kept);

        var refused = scenario.Run(alice, "save");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--allow-deletes", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(published, scenario.RemoteTip());
        Assert.Equal(kept, SyncScenario.ReadBank(alice, Lessons));

        var allowed = scenario.Run(alice, "save", "--allow-deletes");

        Assert.True(allowed.ExitCode == 0, SyncScenario.Describe(allowed));
        var remote = scenario.RemoteBank(Lessons)!;
        Assert.DoesNotContain("- lesson 00", remote, StringComparison.Ordinal);
        Assert.Equal(1, SyncScenario.CountLines(remote, "- lesson 11"));
        Assert.Empty(scenario.StatusLines(alice));
    }

    // I10: below ten deleted entries the guard does not apply, however large the share.
    [Fact]
    public void Save_DeletingNineOfTwelveEntries_Publishes()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var preamble = SyncScenario.ReadBank(alice, Lessons);
        for (var i = 0; i < 12; i++)
        {
            SyncScenario.AppendEntry(alice, Lessons, $"lesson {i:00}");
        }

        scenario.Run(alice, "save").AssertSuccess();
        SyncScenario.WriteBank(alice, Lessons, preamble + "- lesson 09\n- lesson 10\n- lesson 11\n");

        scenario.Run(alice, "save").AssertSuccess();

        var remote = scenario.RemoteBank(Lessons)!;
        Assert.DoesNotContain("- lesson 08", remote, StringComparison.Ordinal);
        Assert.Equal(1, SyncScenario.CountLines(remote, "- lesson 09"));
    }

    /// <summary>Everything about a clone's code that sync must not touch: branch, HEAD's code tree, index, work tree, untracked files.</summary>
    private static string Snapshot(SyncScenario scenario, string clone)
    {
        var excludeBank = ":(exclude)" + SyncScenario.BankPath;
        return string.Join(
            "\n---\n",
            scenario.Git(clone, "symbolic-ref", "HEAD"),
            scenario.Git(clone, "diff", "--cached", "--", ".", excludeBank),
            scenario.Git(clone, "diff", "--", ".", excludeBank),
            scenario.Git(clone, "ls-files", "--others", "--exclude-standard"),
            scenario.Git(clone, "rev-parse", "HEAD:src", "HEAD:README.md"),
            File.ReadAllText(Path.Combine(clone, "src", "app.cs")),
            File.ReadAllText(Path.Combine(clone, "README.md")),
            File.ReadAllText(Path.Combine(clone, "notes.txt")));
    }
}
