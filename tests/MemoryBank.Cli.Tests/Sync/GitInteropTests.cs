namespace MemoryBank.Cli.Tests.Sync;

/// <summary>
/// I4: after start and save, ordinary git keeps working: pull, checkout, and merging or rebasing branches
/// whose bank was synced, with the merge drivers each clone registered through <c>memory-bank init</c>.
/// </summary>
public sealed class GitInteropTests
{
    private const string Lessons = "lessons-buffer.md";

    [Fact]
    public void Save_ThenPullCheckoutAndMergeOfASyncedFeatureBranch_Succeed()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");

        scenario.Git(bob, "switch", "-q", "-c", "feature");
        File.AppendAllText(Path.Combine(bob, "src", "app.cs"), "// feature\n");
        scenario.Git(bob, "commit", "-q", "-am", "feature code");
        SyncScenario.AppendEntry(bob, Lessons, "bob on feature");
        scenario.Run(bob, "save").AssertSuccess();
        Assert.Empty(scenario.StatusLines(bob));

        SyncScenario.AppendEntry(alice, Lessons, "alice on main");
        SyncScenario.WriteActiveContext(alice, "alice's plan", DateTime.UtcNow.AddMinutes(-5));
        scenario.Run(alice, "save").AssertSuccess();
        Assert.Empty(scenario.StatusLines(alice));
        AssertGit(scenario, alice, "pull");

        AssertGit(scenario, bob, "checkout", "-q", "main");
        AssertGit(scenario, bob, "pull");
        AssertGit(scenario, bob, "merge", "--no-edit", "feature");

        Assert.Empty(scenario.StatusLines(bob));
        AssertNoConflictMarkers(bob);
        var lessons = SyncScenario.ReadBank(bob, Lessons);
        Assert.Equal(1, SyncScenario.CountLines(lessons, "- bob on feature"));
        Assert.Equal(1, SyncScenario.CountLines(lessons, "- alice on main"));
        Assert.Contains("// feature", File.ReadAllText(Path.Combine(bob, "src", "app.cs")), StringComparison.Ordinal);

        var start = scenario.Run(bob, "start");
        Assert.True(start.ExitCode == 0, SyncScenario.Describe(start));
        Assert.Empty(scenario.StatusLines(bob, SyncScenario.BankPath));
    }

    [Fact]
    public void Save_ThenRebaseOfASyncedFeatureBranchOntoMain_Succeeds()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");

        scenario.Git(bob, "switch", "-q", "-c", "feature");
        for (var i = 0; i < 2; i++)
        {
            File.AppendAllText(Path.Combine(bob, "src", "app.cs"), $"// feature {i}\n");
            scenario.Git(bob, "commit", "-q", "-am", $"feature code {i}");
            SyncScenario.AppendEntry(bob, Lessons, $"bob on feature {i}");
            scenario.Run(bob, "save").AssertSuccess();

            SyncScenario.AppendEntry(alice, Lessons, $"alice on main {i}");
            scenario.Run(alice, "save").AssertSuccess();
        }

        // A bank edit bob committed by hand on the feature branch, as a user might.
        SyncScenario.AppendEntry(bob, "patterns-buffer.md", "committed by hand");
        scenario.Git(bob, "commit", "-q", "-am", "bank by hand");

        AssertGit(scenario, bob, "fetch", "-q");
        AssertGit(scenario, bob, "rebase", "origin/main");

        Assert.Equal("refs/heads/feature", scenario.Git(bob, "symbolic-ref", "HEAD"));
        Assert.Empty(scenario.StatusLines(bob));
        AssertNoConflictMarkers(bob);
        var lessons = SyncScenario.ReadBank(bob, Lessons);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(1, SyncScenario.CountLines(lessons, $"- bob on feature {i}"));
            Assert.Equal(1, SyncScenario.CountLines(lessons, $"- alice on main {i}"));
        }

        scenario.Run(bob, "save").AssertSuccess();
        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank("patterns-buffer.md"), "- committed by hand"));
        Assert.Empty(scenario.StatusLines(bob));
        AssertGit(scenario, bob, "checkout", "-q", "main");
        AssertGit(scenario, bob, "pull");
        Assert.Empty(scenario.StatusLines(bob));
    }

    private static void AssertGit(SyncScenario scenario, string clone, params string[] args)
    {
        var result = scenario.TryGit(clone, args);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', args)} failed in {Path.GetFileName(clone)}\n{SyncScenario.Describe(result)}");
    }

    private static void AssertNoConflictMarkers(string clone)
    {
        foreach (var file in Directory.EnumerateFiles(SyncScenario.BankFile(clone, string.Empty), "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain("<<<<<<<", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }
}
