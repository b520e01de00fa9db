using MemoryBank.Cli.Tests.Infrastructure;
using MemoryBank.Cli.Tests.Sync;

namespace MemoryBank.Cli.Tests.Safety;

/// <summary>
/// A git too old for MemoryBank: every object read goes through <c>git cat-file --batch-command</c> (git 2.36),
/// so a git without it must stop a sync with a message that says to upgrade, before anything is written.
/// The old git is the real one behind a script on PATH that refuses <c>--batch-command</c> as git 2.35 does.
/// </summary>
public sealed class OldGitTests
{
    [Theory]
    [InlineData("start")]
    [InlineData("save")]
    public void Sync_GitWithoutBatchCommand_SaysToUpgradeAndChangesNothing(string verb)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The stand-in is a POSIX shell script.
        }

        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        SyncScenario.AppendEntry(alice, "lessons-buffer.md", "kept while git is too old");
        var before = File.ReadAllText(SyncScenario.BankFile(alice, "lessons-buffer.md"));
        var head = scenario.Git(alice, "rev-parse", "HEAD").Trim();
        var remote = scenario.Git(scenario.RemotePath, "rev-parse", "main").Trim();
        var shims = Path.Combine(scenario.Sandbox.Root, "old-git");
        Directory.CreateDirectory(shims);
        var realGit = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator).Select(d => Path.Combine(d, "git")).First(File.Exists);
        var shim = Path.Combine(shims, "git");
        File.WriteAllText(shim, $$"""
            #!/bin/sh
            for argument in "$@"; do
              if [ "$argument" = "--batch-command" ]; then
                echo "error: unknown option \`batch-command'" >&2
                echo "usage: git cat-file (-t | -s) [--allow-unknown-type] <object>" >&2
                exit 129
              fi
            done
            exec '{{realGit}}' "$@"
            """.Replace("\r\n", "\n"));
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = scenario.RunWith(alice, new Dictionary<string, string> { ["PATH"] = shims + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") }, verb);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("git 2.38 or later", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Upgrade git", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(SyncScenario.BankFile(alice, "lessons-buffer.md")));
        Assert.Equal(head, scenario.Git(alice, "rev-parse", "HEAD").Trim());
        Assert.Equal(remote, scenario.Git(scenario.RemotePath, "rev-parse", "main").Trim());
    }
}
