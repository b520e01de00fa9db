using System.Text.RegularExpressions;

namespace MemoryBank.Cli.Tests.Sync;

/// <summary><c>memory-bank add</c>: file resolution and the persona resolution order shared with start and save.</summary>
public sealed class AddEntryTests
{
    [Theory]
    [InlineData("lessons-buffer.md", "lessons-buffer.md")]
    [InlineData("lessons-buffer", "lessons-buffer.md")]
    [InlineData("lessons", "lessons-buffer.md")]
    [InlineData("LESSONS", "lessons-buffer.md")]
    [InlineData("patterns", "patterns-buffer.md")]
    [InlineData("decisions", "decisions-inbox.md")]
    public void Add_FileNameOrUniquePrefix_AppendsToThatFile(string argument, string expected)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");

        var add = scenario.Run(alice, "add", argument, "retry flaky network tests once", "--json").AssertSuccess();

        var json = SyncScenario.Json(add);
        Assert.Equal(expected, json.GetProperty("File").GetString());
        var lastLine = SyncScenario.ReadBank(alice, expected).TrimEnd('\n').Split('\n')[^1];
        Assert.Matches(new Regex(@"^- \d{4}-\d{2}-\d{2} \d{2}:\d{2} \[alice\] retry flaky network tests once$"), lastLine);
        Assert.Equal(lastLine, json.GetProperty("Entry").GetString());
    }

    [Fact]
    public void Add_PrefixMatchingTwoFiles_Exits1AndChangesNothing()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        SyncScenario.WriteBank(alice, "lessons-archive.md", "# Archived lessons\n");
        var before = SyncScenario.ReadBank(alice, "lessons-buffer.md");

        var add = scenario.Run(alice, "add", "lessons", "which one?");

        Assert.Equal(1, add.ExitCode);
        Assert.Contains("matches several", add.StandardError, StringComparison.Ordinal);
        Assert.Contains("lessons-archive.md", add.StandardError, StringComparison.Ordinal);
        Assert.Contains("lessons-buffer.md", add.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, SyncScenario.ReadBank(alice, "lessons-buffer.md"));
        Assert.Equal("# Archived lessons\n", SyncScenario.ReadBank(alice, "lessons-archive.md"));
    }

    [Fact]
    public void Add_NoMatchingFile_Exits1NamingTheChoices()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");

        var add = scenario.Run(alice, "add", "nosuch", "lost?");

        Assert.Equal(1, add.ExitCode);
        Assert.Contains("No bank file matches 'nosuch'", add.StandardError, StringComparison.Ordinal);
        Assert.Contains("lessons-buffer.md", add.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(SyncScenario.BankFile(alice, "nosuch")));
        Assert.False(File.Exists(SyncScenario.BankFile(alice, "nosuch.md")));
    }

    [Fact]
    public void Add_ToActiveContext_StampsTheFile()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");

        scenario.Run(alice, "add", "active", "pairing on the parser").AssertSuccess();

        var text = SyncScenario.ReadBank(alice, "activeContext.md");
        Assert.Matches(new Regex(@"^<!-- memory-bank: updated=\S+Z by=alice -->\n"), text);
        Assert.Contains("[alice] pairing on the parser", text, StringComparison.Ordinal);
    }

    // Persona resolution: --persona, then MEMORYBANK_PERSONA, then git config memorybank.persona, then user.name, then the host name.
    [Theory]
    [InlineData("param", "from-param")]
    [InlineData("env", "from-env")]
    [InlineData("config", "from-config")]
    [InlineData("user.name", "Test User")]
    [InlineData("host", null)]
    public void Add_PersonaSources_HigherPrecedenceWins(string strongest, string? expected)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        scenario.Git(alice, "config", "--unset", "memorybank.persona");
        var environment = new Dictionary<string, string>();
        var args = new List<string> { "add", "lessons", "who am I", "--json" };
        switch (strongest)
        {
            case "param":
                args.AddRange(["--persona", "from-param"]);
                goto case "env";
            case "env":
                environment["MEMORYBANK_PERSONA"] = "from-env";
                goto case "config";
            case "config":
                scenario.Git(alice, "config", "memorybank.persona", "from-config");
                break;
            case "user.name":
                break;
            case "host":
                // No user.name anywhere: an empty HOME and no system config.
                var home = Path.Combine(scenario.Sandbox.Root, "empty-home");
                Directory.CreateDirectory(home);
                environment["HOME"] = home;
                environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
                break;
        }

        var add = scenario.RunWith(alice, environment, args.ToArray()).AssertSuccess();

        Assert.Equal(expected ?? Environment.MachineName, SyncScenario.Json(add).GetProperty("Persona").GetString());
        Assert.Contains($"[{expected ?? Environment.MachineName}] who am I", SyncScenario.ReadBank(alice, "lessons-buffer.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void Save_PersonaFromEnvironment_NamesItInCommitAndSessionLog()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        SyncScenario.AppendEntry(alice, "lessons-buffer.md", "saved as the reviewer");

        var save = scenario.RunWith(alice, new Dictionary<string, string> { ["MEMORYBANK_PERSONA"] = "reviewer" }, "save", "--json").AssertSuccess();

        Assert.Equal("reviewer", SyncScenario.Json(save).GetProperty("Persona").GetString());
        Assert.StartsWith($"memory-bank: [reviewer@{Environment.MachineName}]", scenario.Git(scenario.RemotePath, "log", "-1", "--format=%s", "refs/heads/main"), StringComparison.Ordinal);
        Assert.Contains(scenario.RemoteBank("SESSION_LOG.md")!.Split('\n'), l => l.StartsWith("## ", StringComparison.Ordinal) && l.EndsWith(" reviewer", StringComparison.Ordinal));
    }
}
