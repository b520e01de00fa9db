using MemoryBank.Cli.Tests.Infrastructure;
using MemoryBank.Cli.Tests.Sync;

namespace MemoryBank.Cli.Tests.Safety;

/// <summary>
/// Start warns when a cheap health check fails (drivers not registered, the .gitattributes block missing or
/// stale, conflict markers, undecodable files, conflict copies waiting), and still syncs: exit code 0, each
/// warning on stderr, in <c>--json</c> and in the hook's brief.
/// </summary>
public sealed class StartHealthWarningTests
{
    private const string Bank = SyncScenario.BankPath;
    private const string Lessons = "lessons-buffer.md";
    private const string AllDrivers = "memorybank-union, memorybank-theirs, memorybank-graph, memorybank-ours";

    [Fact]
    public void Start_HealthyClone_PrintsNoWarning()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");

        var result = scenario.Run(alice, "start", "--json").AssertSuccess();

        Assert.Equal(string.Empty, result.StandardError);
        Assert.Empty(SyncScenario.Json(result).GetProperty("Warnings").EnumerateArray());
    }

    [Theory]
    [InlineData("memorybank-union", "warning: merge driver memorybank-union is not registered in this clone: run memory-bank init")]
    [InlineData("memorybank-theirs", "warning: merge driver memorybank-theirs is not registered in this clone: run memory-bank init")]
    [InlineData("all", $"warning: merge drivers {AllDrivers} are not registered in this clone: run memory-bank init")]
    public void Start_DriverNotRegistered_WarnsToRunInitAndStillSyncs(string driver, string warning)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        SyncScenario.AppendEntry(bob, Lessons, "incoming from bob");
        scenario.Run(bob, "save").AssertSuccess();
        foreach (var name in driver == "all" ? AllDrivers.Split(", ") : [driver])
        {
            scenario.Git(alice, "config", "--local", "--remove-section", $"merge.{name}");
        }

        var result = scenario.Run(alice, "start").AssertSuccess();

        Assert.Contains(warning, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Split('\n'), l => l.Contains("not registered", StringComparison.Ordinal));
        Assert.Contains("- incoming from bob", SyncScenario.ReadBank(alice, Lessons), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_CloneThatNeverRanInit_WarnsAboutEveryDriver()
    {
        using var scenario = new SyncScenario();
        var carol = scenario.Sandbox.Clone("carol");
        scenario.Git(carol, "config", "memorybank.persona", "carol");

        var result = scenario.Run(carol, "start", "--json").AssertSuccess();

        var warnings = SyncScenario.Json(result).GetProperty("Warnings").EnumerateArray().Select(w => w.GetString()!).ToArray();
        Assert.Contains(warnings, w => w.StartsWith($"merge drivers {AllDrivers} are not registered in this clone: run memory-bank init", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("*.png binary\n")]
    public void Start_GitAttributesBlockMissing_WarnsToRunInit(string attributes)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        GitSandbox.Write(Path.Combine(alice, ".gitattributes"), attributes);

        var result = scenario.Run(alice, "start").AssertSuccess();

        Assert.Contains("warning: .gitattributes has no memory-bank block, so git merges bank files as plain text: run memory-bank init, then commit .gitattributes.", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_GitAttributesBlockStale_WarnsThatItDoesNotMatchTheConfig()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        GitSandbox.Write(Path.Combine(alice, ".memorybank.json"), "{\n  \"files\": { \"team/runbook.md\": { \"tier\": \"weekly\" } }\n}\n");

        var result = scenario.Run(alice, "start").AssertSuccess();

        Assert.Contains("warning: the memory-bank block in .gitattributes does not match .memorybank.json: run memory-bank init", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ConflictMarkersInBankFile_WarnsNamingFileAndLines()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        SyncScenario.WriteBank(alice, "notes.md", "# Notes\n\n<<<<<<< HEAD\n- ours\n=======\n- theirs\n>>>>>>> origin/main\n");

        var result = scenario.Run(alice, "start").AssertSuccess();

        Assert.Contains($"warning: git conflict markers at {Bank}/notes.md:3; {Bank}/notes.md:7: the file was merged without the drivers.", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("delete the marker lines, then run memory-bank save", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "1 conflict copy waits for review")]
    [InlineData(2, "2 conflict copies wait for review")]
    public void Start_ConflictCopiesWaiting_WarnsToReviewThem(int copies, string warning)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        for (var i = 0; i < copies; i++)
        {
            SyncScenario.WriteBank(alice, $"conflicts/activeContext.2026112{i}T100000Z.bob.md", "# Active context\n\n## Now\n\n- an older plan\n");
        }

        var result = scenario.Run(alice, "start").AssertSuccess();

        Assert.Contains($"warning: {warning} in {Bank}/conflicts: merge what you want from each into its file, delete the copy, then run memory-bank save.", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_Hook_ShowsWarningsAsNotesAndExitsZero()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        scenario.Git(alice, "config", "--local", "--remove-section", "merge.memorybank-union");

        var result = scenario.Run(alice, "start", "--hook").AssertSuccess();

        Assert.Contains("- Note: merge driver memorybank-union is not registered in this clone: run memory-bank init", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_DriverNotRegistered_DoesNotRunTheStartChecks()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        scenario.Git(alice, "config", "--local", "--remove-section", "merge.memorybank-union");
        SyncScenario.AppendEntry(alice, Lessons, "saved without the union driver");

        var result = scenario.Run(alice, "save").AssertSuccess();

        Assert.DoesNotContain("not registered", result.StandardError, StringComparison.Ordinal);
    }
}
