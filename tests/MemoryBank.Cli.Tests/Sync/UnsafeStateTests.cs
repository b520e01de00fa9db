using System.Text;

namespace MemoryBank.Cli.Tests.Sync;

/// <summary>Start and save refuse with exit code 4, touching nothing, while a merge or rebase is in progress or HEAD is detached.</summary>
public sealed class UnsafeStateTests
{
    private const string Lessons = "lessons-buffer.md";

    [Theory]
    [InlineData("merge", "start")]
    [InlineData("merge", "save")]
    [InlineData("rebase", "start")]
    [InlineData("rebase", "save")]
    [InlineData("detached", "start")]
    [InlineData("detached", "save")]
    public void StartOrSave_UnsafeRepositoryState_Exits4AndTouchesNothing(string state, string verb)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        SyncScenario.AppendEntry(bob, Lessons, "incoming from bob");
        scenario.Run(bob, "save").AssertSuccess();
        Enter(scenario, alice, state);
        SyncScenario.AppendEntry(alice, Lessons, "unsaved in alice");
        var before = Fingerprint(scenario, alice);
        var remoteBefore = scenario.RemoteTip();

        var result = scenario.Run(alice, verb);

        Assert.True(result.ExitCode == 4, SyncScenario.Describe(result));
        Assert.Contains("Nothing was touched", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(state == "detached" ? "detached" : state, result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, Fingerprint(scenario, alice));
        Assert.Equal(remoteBefore, scenario.RemoteTip());
    }

    private static void Enter(SyncScenario scenario, string clone, string state)
    {
        var app = Path.Combine(clone, "src", "app.cs");
        switch (state)
        {
            case "merge":
            case "rebase":
                scenario.Git(clone, "switch", "-q", "-c", "other");
                File.WriteAllText(app, "class Other {}\n");
                scenario.Git(clone, "commit", "-q", "-am", "other");
                scenario.Git(clone, "switch", "-q", "main");
                File.WriteAllText(app, "class Main {}\n");
                scenario.Git(clone, "commit", "-q", "-am", "main");
                if (state == "merge")
                {
                    Assert.NotEqual(0, scenario.TryGit(clone, "merge", "other").ExitCode);
                    Assert.True(File.Exists(Path.Combine(clone, ".git", "MERGE_HEAD")));
                }
                else
                {
                    scenario.Git(clone, "switch", "-q", "other");
                    Assert.NotEqual(0, scenario.TryGit(clone, "rebase", "main").ExitCode);
                    Assert.True(Directory.Exists(Path.Combine(clone, ".git", "rebase-merge")));
                }

                Assert.Contains("<<<<<<<", File.ReadAllText(app), StringComparison.Ordinal);
                break;
            case "detached":
                scenario.Git(clone, "checkout", "-q", "--detach");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }
    }

    /// <summary>HEAD, refs, index (with stages), status, the work tree's bank and code, and MemoryBank's state folder.</summary>
    private static string Fingerprint(SyncScenario scenario, string clone)
    {
        var builder = new StringBuilder();
        builder.AppendLine(scenario.Git(clone, "rev-parse", "HEAD"));
        builder.AppendLine(scenario.TryGit(clone, "symbolic-ref", "-q", "HEAD").StandardOutput);
        builder.AppendLine(scenario.Git(clone, "for-each-ref"));
        builder.AppendLine(scenario.Git(clone, "ls-files", "-s"));
        builder.AppendLine(scenario.Git(clone, "status", "--porcelain", "--untracked-files=all"));
        foreach (var folder in new[] { SyncScenario.BankFile(clone, string.Empty), Path.Combine(clone, "src"), Path.Combine(clone, ".git", "memory-bank") })
        {
            if (!Directory.Exists(folder))
            {
                builder.AppendLine("(no " + folder + ")");
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                builder.Append(file).Append(" = ").AppendLine(File.ReadAllText(file));
            }
        }

        return builder.ToString();
    }
}
