using MemoryBank.Core.Config;
using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Tests.Diagnostics;

public sealed class DriversCheckTests
{
    [UnixFact]
    public void Run_RegisteredDriverThatMerges_PassesAfterATestMerge()
    {
        using var repo = new CheckRepository();

        var result = repo.Check(CheckNames.Drivers);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Matches("^All 4 memorybank-\\* drivers are registered; memorybank-union merged a test file correctly in [0-9]+ ms\\.$", result.Detail);
    }

    [UnixFact]
    public void Run_TestMerge_LeavesNoFilesBehind()
    {
        using var repo = new CheckRepository();
        var before = repo.Git("status", "--porcelain", "--ignored", "--untracked-files=all");

        repo.Check(CheckNames.Drivers);

        Assert.Empty(Directory.EnumerateFileSystemEntries(repo.StateDir));
        Assert.Equal(before, repo.Git("status", "--porcelain", "--ignored", "--untracked-files=all"));
    }

    [Fact]
    public void Run_NotRegistered_FailsNamingEachDriver()
    {
        using var repo = new CheckRepository(setUp: false);

        var result = repo.Check(CheckNames.Drivers);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("Not registered: memorybank-union, memorybank-theirs, memorybank-graph, memorybank-ours", result.Detail, StringComparison.Ordinal);
        Assert.Contains("memory-bank init", result.Fix, StringComparison.Ordinal);
    }

    [UnixFact]
    public void Run_OneDriverUnregistered_FailsNamingIt()
    {
        using var repo = new CheckRepository();
        repo.Git("config", "--local", "--unset", "merge.memorybank-graph.driver");

        var result = repo.Check(CheckNames.Drivers);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("Not registered: memorybank-graph;", result.Detail, StringComparison.Ordinal);
    }

    [UnixFact]
    public void Run_RegisteredCommandMissing_FailsWithTheShellsReason()
    {
        using var repo = new CheckRepository();
        repo.RegisterDrivers(strategy => DriverRegistration.CliCommand(Path.Combine(repo.Folder, "moved", "memory-bank"), strategy));

        var result = repo.Check(CheckNames.Drivers);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("failed a test merge: exit code 127", result.Detail, StringComparison.Ordinal);
        Assert.Contains("not found", result.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [UnixFact]
    public void Run_CommandExitsZeroWithoutMerging_Fails()
    {
        using var repo = new CheckRepository();
        repo.RegisterDrivers(_ => "true");

        var result = repo.Check(CheckNames.Drivers);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("it exited 0 but did not combine both sides' entries", result.Detail, StringComparison.Ordinal);
    }

    [UnixFact]
    public void Run_RepairUnregisteredDrivers_RegistersThemAndTheTestMergeThenRuns()
    {
        using var repo = new CheckRepository(setUp: false);

        var result = repo.Check(CheckNames.Drivers, repair: true, driver: repo.Driver);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.True(result.Repaired);
        Assert.StartsWith("Registered 8 git config entries in this clone. All 4 memorybank-* drivers are registered; memorybank-union merged a test file correctly", result.Detail, StringComparison.Ordinal);
        Assert.Equal(DriverRegistration.CliCommand(repo.FakeCli, MergeStrategyKind.Union), repo.Git("config", "--local", "--get", "merge.memorybank-union.driver"));
        Assert.Equal(CheckStatus.Pass, repo.Check(CheckNames.Drivers).Status);
    }

    [UnixFact]
    public void Run_RepairBrokenCommand_ReRegistersTheWorkingCli()
    {
        using var repo = new CheckRepository();
        repo.RegisterDrivers(strategy => DriverRegistration.CliCommand("/nonexistent/memory-bank", strategy));

        var result = repo.Check(CheckNames.Drivers, repair: true, driver: repo.Driver);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.True(result.Repaired);
        Assert.StartsWith("Registered 4 git config entries", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RepairWithoutDriverLocation_FailsAndSaysWhy()
    {
        using var repo = new CheckRepository(setUp: false);

        var result = repo.Check(CheckNames.Drivers, repair: true);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.False(result.Repaired);
        Assert.Contains("Not repaired: the caller gave no driver location.", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RepairWithACliThatDoesNotRun_FailsWithTheReason()
    {
        using var repo = new CheckRepository(setUp: false);

        var result = repo.Check(CheckNames.Drivers, repair: true, driver: new DriverLocation(Path.Combine(repo.Folder, "absent"), null, null));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.False(result.Repaired);
        Assert.Contains("Not repaired: Cannot register the merge drivers", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("memorybank", File.ReadAllText(Path.Combine(repo.Root, ".git", "config")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'cli' merge-driver union %O %A %B %P", "'cli' merge-driver union o a b 'p'")]
    [InlineData("x %% %A %Q %", "x % a %Q %")]
    [InlineData("%A%B", "ab")]
    public void Expand_Command_ReplacesPlaceholdersInOnePass(string command, string expected)
    {
        var values = new Dictionary<char, string> { ['O'] = "o", ['A'] = "a", ['B'] = "b", ['P'] = "'p'" };

        Assert.Equal(expected, DriversCheck.Expand(command, values));
    }
}
