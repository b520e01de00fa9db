using MemoryBank.Cli.Tests.Infrastructure;

namespace MemoryBank.Cli.Tests;

public sealed class SandboxSmokeTests
{
    [Fact]
    public void Seed_FreshRemote_PushesBankAndCode()
    {
        using var sandbox = new GitSandbox();
        var seed = sandbox.Seed();

        var files = sandbox.Git(seed, "ls-tree", "-r", "--name-only", "origin/main");

        Assert.Contains(".claude/memory-bank/activeContext.md", files);
        Assert.Contains("src/app.cs", files);
        Assert.Contains("merge.memorybank-union.driver", sandbox.Git(seed, "config", "--local", "--list"));
    }
}
