using System.Text.Json;
using MemoryBank.Cli.Tests.Infrastructure;
using CliProcess = MemoryBank.Cli.Tests.Infrastructure.Cli;

namespace MemoryBank.Cli.Tests;

/// <summary><c>memory-bank check</c> run as a user would, in clones of a bare remote in a temp folder.</summary>
public sealed class CheckCommandTests
{
    private const string Bank = ".claude/memory-bank";

    private static readonly string[] s_checkNames =
        ["config", "bank-files", "conflict-markers", "gitattributes", "drivers", "lock", "journal", "double-harvest", "conflict-copies", "permissions"];

    private static JsonElement[] ParseResults(ProcessResult result)
    {
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static JsonElement Named(IEnumerable<JsonElement> results, string name) =>
        results.Single(r => r.GetProperty("Name").GetString() == name);

    [Fact]
    public void Check_InitialisedClone_PrintsEveryCheckAndExitsZero()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed();

        var result = CliProcess.Run(sandbox, clone, "check").AssertSuccess();

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^Name\s+Status\s+Detail$", lines[0]);
        Assert.Equal(s_checkNames, lines.Skip(1).Take(s_checkNames.Length).Select(l => l.Split(' ')[0]));
        Assert.All(lines.Skip(1).Take(s_checkNames.Length), l => Assert.Matches(@"^\S+\s+Pass\s+\S", l));
        Assert.Equal("10 checks: 10 passed, 0 warned, 0 failed.", lines[^1]);
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public void Check_Json_WritesOneObjectPerCheckWithTheResultProperties()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed();

        var result = CliProcess.Run(sandbox, clone, "check", "--json");

        var results = ParseResults(result);
        Assert.Equal(s_checkNames, results.Select(r => r.GetProperty("Name").GetString()));
        Assert.All(results, r => Assert.Equal(["Name", "Status", "Detail", "Fix", "Repaired"], r.EnumerateObject().Select(p => p.Name)));
        Assert.All(results, r => Assert.Contains(r.GetProperty("Status").GetString(), new[] { "Pass", "Warn", "Fail" }));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Check_ConflictMarkersInABankFile_ExitsOneAndNamesFileAndLine()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed();
        File.AppendAllText(Path.Combine(clone, Bank, "lessons-buffer.md"), "<<<<<<< HEAD\n- ours\n=======\n- theirs\n>>>>>>> origin/main\n");

        var result = CliProcess.Run(sandbox, clone, "check", "--json");

        Assert.Equal(1, result.ExitCode);
        var markers = Named(ParseResults(result), "conflict-markers");
        Assert.Equal("Fail", markers.GetProperty("Status").GetString());
        Assert.Equal("Conflict marker lines at lessons-buffer.md:7; lessons-buffer.md:11.", markers.GetProperty("Detail").GetString());
        Assert.False(string.IsNullOrEmpty(markers.GetProperty("Fix").GetString()));
    }

    [Fact]
    public void Check_OnlyWarnings_ExitsZero()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed();
        GitSandbox.Write(Path.Combine(clone, Bank, "conflicts", "activeContext.20261120T120000Z.alice.md"), "# Active context\n");

        var result = CliProcess.Run(sandbox, clone, "check");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^conflict-copies\s+Warn\s+1 conflict copy in \.claude/memory-bank/conflicts: activeContext\.20261120T120000Z\.alice\.md\.$", result.StandardOutput);
        Assert.Matches(@"(?m)^\s+Fix: .*delete the copy", result.StandardOutput);
    }

    [Fact]
    public void Check_FreshCloneWithoutDrivers_FailsOnDrivers()
    {
        using var sandbox = new GitSandbox();
        sandbox.Seed();
        var bob = sandbox.Clone("bob");

        var result = CliProcess.Run(sandbox, bob, "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"(?m)^drivers\s+Fail\s+Not registered: memorybank-union, memorybank-theirs, memorybank-graph, memorybank-ours;", result.StandardOutput);
        Assert.Contains("Fix: Run memory-bank init in this clone", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckRepair_FreshCloneWithoutDrivers_RegistersDriversThatGitThenRunsOnARealMerge()
    {
        using var sandbox = new GitSandbox();
        var alice = sandbox.Seed("alice");
        var bob = sandbox.Clone("bob");

        var repair = CliProcess.Run(sandbox, bob, "check", "--repair", "--json");

        Assert.True(repair.ExitCode == 0, repair.StandardOutput + repair.StandardError);
        var drivers = Named(ParseResults(repair), "drivers");
        Assert.Equal("Pass", drivers.GetProperty("Status").GetString());
        Assert.True(drivers.GetProperty("Repaired").GetBoolean());
        Assert.StartsWith("Registered 8 git config entries in this clone.", drivers.GetProperty("Detail").GetString(), StringComparison.Ordinal);

        // Both clones append to the same buffer; only the union driver merges that without a conflict.
        File.AppendAllText(Path.Combine(alice, Bank, "lessons-buffer.md"), "- 2026-11-21 09:00 [alice] from alice\n");
        sandbox.Git(alice, "commit", "-q", "-am", "alice");
        sandbox.Git(alice, "push", "-q", "origin", "main");
        File.AppendAllText(Path.Combine(bob, Bank, "lessons-buffer.md"), "- 2026-11-21 09:05 [bob] from bob\n");
        sandbox.Git(bob, "commit", "-q", "-am", "bob");
        sandbox.Git(bob, "pull", "-q", "--no-rebase", "origin", "main");

        var merged = File.ReadAllText(Path.Combine(bob, Bank, "lessons-buffer.md"));
        Assert.Contains("- 2026-11-21 09:00 [alice] from alice\n", merged, StringComparison.Ordinal);
        Assert.Contains("- 2026-11-21 09:05 [bob] from bob\n", merged, StringComparison.Ordinal);
        Assert.DoesNotContain("<<<<<<<", merged, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckRepair_StaleLockAndBrokenBlock_RepairsBothAndMarksThem()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed();
        var state = Path.Combine(clone, ".git", "memory-bank");
        Directory.CreateDirectory(state);
        var lockPath = Path.Combine(state, "lock");
        File.WriteAllText(lockPath, JsonSerializer.Serialize(new { ProcessId = 1, Host = "elsewhere", Started = DateTimeOffset.UtcNow.AddHours(-2) }));
        var attributes = Path.Combine(clone, ".gitattributes");
        File.WriteAllText(attributes, File.ReadAllText(attributes).Replace("merge=memorybank-theirs", "merge=memorybank-union", StringComparison.Ordinal));

        var before = CliProcess.Run(sandbox, clone, "check");
        Assert.Matches(@"(?m)^lock\s+Warn\s", before.StandardOutput);
        Assert.Matches(@"(?m)^gitattributes\s+Warn\s", before.StandardOutput);

        var repair = CliProcess.Run(sandbox, clone, "check", "--repair").AssertSuccess();

        Assert.Matches(@"(?m)^lock\s+Pass\*\s", repair.StandardOutput);
        Assert.Matches(@"(?m)^gitattributes\s+Pass\*\s+Rewrote the memory-bank block", repair.StandardOutput);
        Assert.Matches(@"repaired \(marked \*\)\.\n$", repair.StandardOutput);
        Assert.False(File.Exists(lockPath));
        Assert.Contains("merge=memorybank-theirs", File.ReadAllText(attributes), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OutsideARepository_ExitsOneWithTheReasonOnStderr()
    {
        using var sandbox = new GitSandbox();
        var folder = Path.Combine(sandbox.Root, "plain");
        Directory.CreateDirectory(folder);

        var result = CliProcess.Run(sandbox, folder, "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.Contains("is not inside a git work tree", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RepoOption_ChecksThatClone()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed();

        var result = CliProcess.Run(sandbox, sandbox.Root, "check", "--repo", clone, "--json");

        Assert.Equal("Pass", Named(ParseResults(result), "drivers").GetProperty("Status").GetString());
    }
}
