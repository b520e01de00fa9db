using MemoryBank.Core.Diagnostics;

namespace MemoryBank.Core.Tests.Diagnostics;

public sealed class ConflictCopiesCheckTests
{
    [Fact]
    public void Run_NoCopies_Passes()
    {
        using var repo = new CheckRepository();

        Assert.Equal("No conflict copies are waiting.", repo.Check(CheckNames.ConflictCopies).Detail);
    }

    [Fact]
    public void Run_CopiesInTheBank_WarnsListingThem()
    {
        using var repo = new CheckRepository();
        repo.WriteBank("conflicts/activeContext.20261120T120000Z.alice.md", "# Active context\n");
        repo.WriteBank("conflicts/activeContext.20261121T090000Z.bob.md", "# Active context\n");

        var result = repo.Check(CheckNames.ConflictCopies, repair: true);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.False(result.Repaired);
        Assert.Equal("2 conflict copies in .claude/memory-bank/conflicts: activeContext.20261120T120000Z.alice.md; activeContext.20261121T090000Z.bob.md.", result.Detail);
        Assert.Contains("delete the copy", result.Fix, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(repo.Bank, "conflicts", "activeContext.20261120T120000Z.alice.md")));
    }

    [Fact]
    public void Run_CopiesLeftByTheMergeDriver_WarnsThatTheNextSyncCollectsThem()
    {
        using var repo = new CheckRepository();
        repo.Write(".git/memory-bank/conflicts/activeContext.20261120T120000Z.alice.md", "# Active context\n");

        var result = repo.Check(CheckNames.ConflictCopies);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("1 copy left by the merge driver in .git/memory-bank/conflicts, which the next start or save moves into the bank: activeContext.20261120T120000Z.alice.md", result.Detail, StringComparison.Ordinal);
    }
}
