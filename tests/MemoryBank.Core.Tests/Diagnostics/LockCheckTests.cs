using MemoryBank.Core.Diagnostics;

namespace MemoryBank.Core.Tests.Diagnostics;

public sealed class LockCheckTests
{
    [Fact]
    public void Run_NoLock_Passes()
    {
        using var repo = new CheckRepository();

        Assert.Equal("No sync lock is held.", repo.Check(CheckNames.Lock).Detail);
    }

    [Fact]
    public void Run_LiveLock_PassesSayingASyncIsRunning()
    {
        using var repo = new CheckRepository();
        var path = repo.WriteLock(Environment.ProcessId, DateTimeOffset.UtcNow);

        var result = repo.Check(CheckNames.Lock, repair: true);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.False(result.Repaired);
        Assert.StartsWith($"A sync is running (process {Environment.ProcessId} on", result.Detail, StringComparison.Ordinal);
        Assert.True(File.Exists(path), "a live lock must stay");
    }

    [Fact]
    public void Run_LockOfADeadProcess_WarnsWithoutTouchingIt()
    {
        using var repo = new CheckRepository();
        var path = repo.WriteLock(CheckRepository.DeadProcessId(), DateTimeOffset.UtcNow);

        var result = repo.Check(CheckNames.Lock);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("is stale", result.Detail, StringComparison.Ordinal);
        Assert.Contains("--repair", result.Fix, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Run_RepairStaleLock_DeletesIt()
    {
        using var repo = new CheckRepository();
        var path = repo.WriteLock(Environment.ProcessId, DateTimeOffset.UtcNow.AddHours(-1));

        var result = repo.Check(CheckNames.Lock, repair: true);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.True(result.Repaired);
        Assert.EndsWith("Deleted it.", result.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.Equal("No sync lock is held.", repo.Check(CheckNames.Lock).Detail);
    }
}
