using MemoryBank.Cli.Tests.Infrastructure;

namespace MemoryBank.Cli.Tests.Sync;

/// <summary>What start and save report and record: no-op saves, commit messages, SESSION_LOG, incoming files, thresholds.</summary>
public sealed class SessionReportTests
{
    private const string Lessons = "lessons-buffer.md";
    private const string Patterns = "patterns-buffer.md";

    [Fact]
    public void Save_NothingChanged_PublishesNothing()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        SyncScenario.AppendEntry(alice, Lessons, "once");
        scenario.Run(alice, "save").AssertSuccess();
        var tip = scenario.RemoteTip();
        var log = scenario.RemoteBank("SESSION_LOG.md");

        var save = scenario.Run(alice, "save", "--json").AssertSuccess();

        var json = SyncScenario.Json(save);
        Assert.True(json.GetProperty("UpToDate").GetBoolean());
        Assert.False(json.GetProperty("Published").GetBoolean());
        Assert.Equal(0, json.GetProperty("Files").GetArrayLength());
        Assert.Equal(tip, scenario.RemoteTip());
        Assert.Equal(log, scenario.RemoteBank("SESSION_LOG.md"));
        Assert.Contains("Nothing to save.", scenario.Run(alice, "save").AssertSuccess().StandardOutput, StringComparison.Ordinal);
        Assert.Equal(tip, scenario.RemoteTip());
    }

    [Fact]
    public void Save_WithMessage_CommitNamesPersonaHostAndPerFileCounts()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        SyncScenario.AppendEntry(alice, Lessons, "first");
        SyncScenario.AppendEntry(alice, Lessons, "second");
        SyncScenario.AppendEntry(alice, Patterns, "a pattern");

        scenario.Run(alice, "save", "-m", "wrap up the spike").AssertSuccess();

        var host = Environment.MachineName;
        var tip = scenario.RemoteTip();
        Assert.Equal(
            $"memory-bank: [alice@{host}] SESSION_LOG.md +1/-0, lessons-buffer.md +2/-0, patterns-buffer.md +1/-0",
            scenario.Git(scenario.RemotePath, "log", "-1", "--format=%s", tip));
        var body = scenario.Git(scenario.RemotePath, "log", "-1", "--format=%b", tip);
        Assert.Contains("wrap up the spike", body, StringComparison.Ordinal);
        Assert.Contains("Persona: alice", body, StringComparison.Ordinal);
        Assert.Contains($"Host: {host}", body, StringComparison.Ordinal);
        Assert.Contains("Branch: main", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_ThreeSavesAndANoOp_ExactlyOneSessionLogEntryPerSave()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var before = SyncScenario.SessionLogEntries(scenario.RemoteBank("SESSION_LOG.md"));

        for (var i = 0; i < 3; i++)
        {
            SyncScenario.AppendEntry(alice, Lessons, $"lesson {i}");
            scenario.Run(alice, "save", "-m", $"save {i}").AssertSuccess();
        }

        scenario.Run(alice, "save").AssertSuccess();

        var log = scenario.RemoteBank("SESSION_LOG.md")!;
        Assert.Equal(before + 3, SyncScenario.SessionLogEntries(log));
        Assert.Equal(3, log.Split('\n').Count(l => l.StartsWith("## ", StringComparison.Ordinal) && l.EndsWith(" alice", StringComparison.Ordinal)));
        Assert.Equal(3, SyncScenario.CountLines(log, $"- host: {Environment.MachineName}"));
        Assert.Equal(3, SyncScenario.CountLines(log, "- branch: main"));
        Assert.Equal(3, SyncScenario.CountLines(log, "- changes: lessons-buffer.md +1/-0"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, SyncScenario.CountLines(log, $"- note: save {i}"));
        }

        Assert.Equal(log, SyncScenario.ReadBank(alice, "SESSION_LOG.md"));
    }

    [Fact]
    public void Start_ChangesFromTwoPersonas_JsonListsIncomingFilesWithFrom()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        var carol = scenario.AddClone("carol");
        SyncScenario.AppendEntry(bob, Lessons, "from bob");
        scenario.Run(bob, "save").AssertSuccess();
        SyncScenario.AppendEntry(carol, Lessons, "from carol");
        SyncScenario.AppendEntry(carol, Patterns, "carol's pattern");
        scenario.Run(carol, "save").AssertSuccess();

        var start = scenario.Run(alice, "start", "--json").AssertSuccess();

        var json = SyncScenario.Json(start);
        Assert.Equal("Start", json.GetProperty("Operation").GetString());
        Assert.Equal("alice", json.GetProperty("Persona").GetString());
        var files = json.GetProperty("Files").EnumerateArray().ToDictionary(f => f.GetProperty("File").GetString()!);
        Assert.Equal(2, files[Lessons].GetProperty("Added").GetInt32());
        Assert.Equal(["bob", "carol"], files[Lessons].GetProperty("From").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, files[Patterns].GetProperty("Added").GetInt32());
        Assert.Equal(["carol"], files[Patterns].GetProperty("From").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["bob", "carol"], files["SESSION_LOG.md"].GetProperty("From").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("- from carol", SyncScenario.ReadBank(alice, Lessons), StringComparison.Ordinal);

        var text = scenario.Run(alice, "start").AssertSuccess().StandardOutput;
        Assert.Contains("No new changes from other clones.", text, StringComparison.Ordinal);
    }

    // The incoming range is read commit by commit when it is a chain, and by git log when it holds a merge;
    // both must name the same people: a commit that left the bank alone names nobody.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Start_RangeWithCodeCommitsAndMerges_FromNamesWhoChangedEachFile(bool merge)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        var carol = scenario.AddClone("carol");
        void Commit(string message) => scenario.Git(bob, "-c", "user.name=Bob", "-c", "user.email=bob@example.test", "commit", "-q", "-m", message);
        scenario.Git(bob, "checkout", "-q", "-b", "topic");
        GitSandbox.Write(Path.Combine(bob, "src", "code.txt"), "code\n");
        scenario.Git(bob, "add", "-A");
        Commit("code only");
        SyncScenario.AppendEntry(bob, Patterns, "bob by hand");
        scenario.Git(bob, "add", "-A");
        Commit("patterns by hand");
        scenario.Git(bob, "checkout", "-q", "main");
        if (merge)
        {
            GitSandbox.Write(Path.Combine(bob, "src", "main.txt"), "main\n");
            scenario.Git(bob, "add", "-A");
            Commit("code on main");
            scenario.Git(bob, "-c", "user.name=Bob", "-c", "user.email=bob@example.test", "merge", "-q", "--no-ff", "-m", "merge topic", "topic");
        }
        else
        {
            scenario.Git(bob, "merge", "-q", "--ff-only", "topic");
        }

        scenario.Git(bob, "push", "-q", "origin", "main");
        scenario.Run(carol, "start").AssertSuccess();
        SyncScenario.AppendEntry(carol, Lessons, "from carol");
        scenario.Run(carol, "save").AssertSuccess();

        var start = scenario.Run(alice, "start", "--json", "--verbose").AssertSuccess();

        // Only the merge sends the question to git log.
        Assert.Equal(merge, start.StandardError.Contains("VERBOSE: git log ", StringComparison.Ordinal));
        var files = SyncScenario.Json(start).GetProperty("Files").EnumerateArray().ToDictionary(f => f.GetProperty("File").GetString()!);
        Assert.Equal(["git"], files[Patterns].GetProperty("From").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["carol"], files[Lessons].GetProperty("From").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("- bob by hand", SyncScenario.ReadBank(alice, Patterns), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(15, null)]
    [InlineData(16, "patterns-buffer.md 16/20 lines, near harvest threshold")]
    [InlineData(20, "patterns-buffer.md 20/20 lines, at or over harvest threshold")]
    public void Save_PatternsBufferFilling_WarnsFromEightyPercentOfTheThreshold(int entries, string? warning)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        for (var i = 0; i < entries; i++)
        {
            SyncScenario.AppendEntry(alice, Patterns, $"pattern {i}");
        }

        var save = scenario.Run(alice, "save", "--json").AssertSuccess();

        var warnings = SyncScenario.Json(save).GetProperty("Warnings").EnumerateArray().Select(w => w.GetString()!).ToArray();
        if (warning is null)
        {
            Assert.DoesNotContain(warnings, w => w.StartsWith(Patterns, StringComparison.Ordinal));
            Assert.DoesNotContain(Patterns, save.StandardError, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(warnings, w => w.StartsWith(warning, StringComparison.Ordinal));
            Assert.Contains("warning: " + warning, save.StandardError, StringComparison.Ordinal);
        }
    }
}
