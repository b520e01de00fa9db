using System.Text.Json.Nodes;
using MemoryBank.Cli.Tests.Infrastructure;
using CliProcess = MemoryBank.Cli.Tests.Infrastructure.Cli;

namespace MemoryBank.Cli.Tests;

public sealed class ClaudeHookCommandTests
{
    [Fact]
    public void InitClaudeHooks_Twice_WritesHooksOnceAndKeepsOtherSettings()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed();
        GitSandbox.Write(Path.Combine(clone, ".claude", "settings.json"), "{ \"model\": \"opus\" }\n");

        CliProcess.Run(sandbox, clone, "init", "--claude-hooks").AssertSuccess();
        var second = CliProcess.Run(sandbox, clone, "init", "--claude-hooks").AssertSuccess();

        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(clone, ".claude", "settings.json")))!;
        Assert.Equal("opus", (string?)root["model"]);
        Assert.Contains("start --hook", (string?)root["hooks"]!["SessionStart"]![0]!["hooks"]![0]!["command"]);
        Assert.Contains(CliProcess.ExecutablePath, (string?)root["hooks"]!["SessionEnd"]![0]!["hooks"]![0]!["command"]);
        Assert.Contains("Already set up", second.StandardOutput);
    }

    [Fact]
    public void StartHook_RemoteChanges_PrintsBriefWithWhoChangedWhat()
    {
        using var sandbox = new GitSandbox();
        var seed = sandbox.Seed();
        var other = sandbox.Clone("other");
        CliProcess.Run(sandbox, other, "init").AssertSuccess();
        CliProcess.Run(sandbox, other, "add", "lessons", "pin the SDK version", "--persona", "tech-lead").AssertSuccess();
        CliProcess.Run(sandbox, other, "save", "--persona", "tech-lead").AssertSuccess();

        var result = CliProcess.Run(sandbox, seed, "start", "--hook", "--persona", "dev");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("## Memory bank (main, synced with origin/main)", result.StandardOutput);
        Assert.Contains("lessons-buffer.md +1 from tech-lead", result.StandardOutput);
    }

    [Fact]
    public void StartHook_NotARepository_SummarisesAndExitsZero()
    {
        using var sandbox = new GitSandbox();
        var folder = Path.Combine(sandbox.Root, "plain");
        Directory.CreateDirectory(folder);

        var result = CliProcess.RunWith(sandbox, folder, new Dictionary<string, string> { ["GIT_CEILING_DIRECTORIES"] = sandbox.Root }, "start", "--hook");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Sync did not run", result.StandardOutput);
    }

    [Fact]
    public void SaveLocalHook_RemoteGone_CommitsLocallyAndExitsZero()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed();
        CliProcess.Run(sandbox, clone, "add", "lessons", "kept while offline").AssertSuccess();
        sandbox.Git(clone, "remote", "set-url", "origin", Path.Combine(sandbox.Root, "missing.git"));

        var result = CliProcess.Run(sandbox, clone, "save", "--local", "--hook");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("saved locally", result.StandardOutput);
        Assert.NotEmpty(sandbox.Git(clone, "rev-parse", "--verify", "refs/memory-bank/pending"));
    }
}
