using MemoryBank.Core.Diagnostics;

namespace MemoryBank.Core.Tests.Diagnostics;

public sealed class JournalCheckTests
{
    private const string Journal = "{\"fold\":\"0123456789abcdef0123456789abcdef01234567\",\"base\":\"0123456789abcdef0123456789abcdef01234567\",\"branch\":\"main\"}";

    [Fact]
    public void Run_NoJournal_Passes()
    {
        using var repo = new CheckRepository();

        Assert.Equal(CheckStatus.Pass, repo.Check(CheckNames.Journal).Status);
    }

    [Fact]
    public void Run_LeftoverJournal_WarnsAndPointsAtStart()
    {
        using var repo = new CheckRepository();
        repo.Write(".git/memory-bank/journal.json", Journal);

        var result = repo.Check(CheckNames.Journal);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("A sync was interrupted while updating the work tree (folding 0123456789ab into main)", result.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Run memory-bank start", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RepairLeftoverJournal_KeepsItForTheNextStart()
    {
        using var repo = new CheckRepository();
        repo.Write(".git/memory-bank/journal.json", Journal);

        var result = repo.Check(CheckNames.Journal, repair: true);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.False(result.Repaired);
        Assert.EndsWith("Not repaired: only a sync finishes it safely.", result.Detail, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(repo.StateDir, "journal.json")));
    }

    [Fact]
    public void Run_HalfWrittenJournal_StillWarns()
    {
        using var repo = new CheckRepository();
        repo.Write(".git/memory-bank/journal.json", "{\"fold\":\"01");

        var result = repo.Check(CheckNames.Journal);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.StartsWith("A sync was interrupted while updating the work tree:", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_JournalOfARunningSync_Passes()
    {
        using var repo = new CheckRepository();
        repo.Write(".git/memory-bank/journal.json", Journal);
        repo.WriteLock(Environment.ProcessId, DateTimeOffset.UtcNow);

        var result = repo.Check(CheckNames.Journal);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Contains("its journal is expected", result.Detail, StringComparison.Ordinal);
    }
}
