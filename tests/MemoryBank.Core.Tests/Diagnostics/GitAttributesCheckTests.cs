using MemoryBank.Core.Config;
using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Tests.Diagnostics;

public sealed class GitAttributesCheckTests
{
    private static string Attributes(CheckRepository repo) => File.ReadAllText(Path.Combine(repo.Root, ".gitattributes"));

    [Fact]
    public void Run_BlockMatchesConfig_Passes()
    {
        using var repo = new CheckRepository();

        var result = repo.Check(CheckNames.GitAttributes);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Contains("git routes the bank files to their drivers", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoGitAttributes_Fails()
    {
        using var repo = new CheckRepository();
        File.Delete(Path.Combine(repo.Root, ".gitattributes"));

        var result = repo.Check(CheckNames.GitAttributes);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("no memory-bank block", result.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo.Root, ".gitattributes")), "a check without --repair writes nothing");
    }

    [Fact]
    public void Run_BlockOutOfDateWithConfig_WarnsNamingTheFirstDifference()
    {
        using var repo = new CheckRepository();
        repo.Write(".memorybank.json", "{ \"files\": { \"team-notes.md\": { \"strategy\": \"theirs\" } } }\n");

        var result = repo.Check(CheckNames.GitAttributes);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("does not match .memorybank.json", result.Detail, StringComparison.Ordinal);
        Assert.Contains("team-notes.md merge=memorybank-theirs", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RepairOutOfDateBlock_RewritesOnlyTheBlock()
    {
        using var repo = new CheckRepository();
        repo.Write(".memorybank.json", "{ \"files\": { \"team-notes.md\": { \"strategy\": \"theirs\" } } }\n");
        var config = ConfigLoader.Load(repo.Root);
        var stale = GitAttributesBlock.Build(MemoryBankConfig.CreateDefault());
        repo.Write(".gitattributes", "*.png binary\r\n" + stale.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n*.sh text eol=lf\r\n");

        var result = repo.Check(CheckNames.GitAttributes, repair: true);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.True(result.Repaired);
        Assert.StartsWith("Rewrote the memory-bank block", result.Detail, StringComparison.Ordinal);
        Assert.Contains("Commit .gitattributes", result.Fix, StringComparison.Ordinal);
        var expected = "*.png binary\r\n" + GitAttributesBlock.Build(config).Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n*.sh text eol=lf\r\n";
        Assert.Equal(expected, Attributes(repo));
        Assert.Equal(CheckStatus.Pass, repo.Check(CheckNames.GitAttributes).Status);
    }

    [Fact]
    public void Run_RepairMissingBlock_AddsItAfterTheUsersLines()
    {
        using var repo = new CheckRepository();
        repo.Write(".gitattributes", "*.png binary");

        var result = repo.Check(CheckNames.GitAttributes, repair: true);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.True(result.Repaired);
        Assert.Equal("*.png binary\n" + GitAttributesBlock.Build(MemoryBankConfig.CreateDefault()) + "\n", Attributes(repo));
    }

    [Fact]
    public void Run_LaterLineOverridesTheBlock_WarnsNamingTheFileAndValue()
    {
        using var repo = new CheckRepository();
        File.AppendAllText(Path.Combine(repo.Root, ".gitattributes"), ".claude/memory-bank/SESSION_LOG.md merge=text\n");

        var result = repo.Check(CheckNames.GitAttributes, repair: true);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.False(result.Repaired);
        Assert.Contains(".claude/memory-bank/SESSION_LOG.md to merge=text instead of memorybank-union", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidUtf8GitAttributes_FailsAndRepairLeavesItAlone()
    {
        using var repo = new CheckRepository();
        byte[] bytes = [(byte)'*', (byte)' ', 0xFF, (byte)'\n'];
        repo.WriteBytes(".gitattributes", bytes);

        var result = repo.Check(CheckNames.GitAttributes, repair: true);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(repo.Root, ".gitattributes")));
    }
}
