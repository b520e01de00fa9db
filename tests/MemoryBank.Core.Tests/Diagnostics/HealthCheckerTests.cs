using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Git;

namespace MemoryBank.Core.Tests.Diagnostics;

public sealed class HealthCheckerTests
{
    [UnixFact]
    public void Run_FreshlySetUpClone_EveryCheckPassesInTheDocumentedOrder()
    {
        using var repo = new CheckRepository();

        var results = repo.CheckAll();

        Assert.Equal(CheckNames.All, results.Select(r => r.Name));
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Pass, r.ToString()));
        Assert.All(results, r => Assert.False(r.Repaired));
        Assert.All(results, r => Assert.Null(r.Fix));
    }

    [Fact]
    public void Run_OutsideARepository_ThrowsNotARepository()
    {
        var folder = Directory.CreateTempSubdirectory("mb-check-norepo-");
        try
        {
            Assert.Throws<NotARepositoryException>(() => new HealthChecker(new GitClient(folder.FullName)).Run(folder.FullName, repair: false));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Run_InvalidConfig_FailsConfigWithItsMessageAndSkipsTheChecksThatNeedIt()
    {
        using var repo = new CheckRepository();
        repo.Write(".memorybank.json", "{\n  \"bankPath\": \".claude/memory-bank\",\n  \"colour\": \"blue\"\n}\n");

        var results = repo.CheckAll();

        var config = results.Single(r => r.Name == CheckNames.Config);
        Assert.Equal(CheckStatus.Fail, config.Status);
        Assert.Contains(".memorybank.json:3: 'colour' is not a known setting", config.Detail, StringComparison.Ordinal);
        Assert.NotNull(config.Fix);
        foreach (var name in new[] { CheckNames.BankFiles, CheckNames.ConflictMarkers, CheckNames.GitAttributes, CheckNames.DoubleHarvest, CheckNames.ConflictCopies })
        {
            var skipped = results.Single(r => r.Name == name);
            Assert.Equal(CheckStatus.Warn, skipped.Status);
            Assert.StartsWith("Not checked: the configuration is invalid", skipped.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(CheckStatus.Pass, results.Single(r => r.Name == CheckNames.Lock).Status);
    }

    [Fact]
    public void Run_BankPathOutsideTheRepository_FailsConfig()
    {
        using var repo = new CheckRepository(setUp: false);
        repo.Write(".memorybank.json", "{ \"bankPath\": \"a/../../elsewhere\" }\n");

        var config = repo.Check(CheckNames.Config);

        Assert.Equal(CheckStatus.Fail, config.Status);
        Assert.Contains("bankPath", config.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValidConfigFile_PassesNamingTheBankFolder()
    {
        using var repo = new CheckRepository(setUp: false);
        repo.Write(".memorybank.json", "{ \"bankPath\": \"notes/bank\" }\n");

        var config = repo.Check(CheckNames.Config);

        Assert.Equal(CheckStatus.Pass, config.Status);
        Assert.Contains(".memorybank.json is valid; bank folder notes/bank", config.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        using var repo = new CheckRepository();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new HealthChecker(new GitClient(repo.Root)).Run(repo.Root, repair: false, cancellation.Token));
    }
}
