using System.Text;
using System.Text.Json;
using MemoryBank.Cli.Tests.Infrastructure;
using CliProcess = MemoryBank.Cli.Tests.Infrastructure.Cli;

namespace MemoryBank.Cli.Tests;

/// <summary><c>memory-bank init</c> run as a user would, in clones of a bare remote in a temp folder.</summary>
public sealed class InitCommandTests
{
    private const string Bank = ".claude/memory-bank";
    private const string BeginMarker = "# >>> memory-bank (managed by `memory-bank init`; edits inside this block are replaced)";
    private const string EndMarker = "# <<< memory-bank";

    private static readonly string[] s_seedFiles = ["activeContext.md", "patterns-buffer.md", "lessons-buffer.md", "decisions-inbox.md", "SESSION_LOG.md"];
    private static readonly string[] s_strategies = ["union", "theirs", "graph", "ours"];

    private static string Attributes(string clone) => File.ReadAllText(Path.Combine(clone, ".gitattributes"));

    /// <summary>The clone's own driver settings, sorted: what init registers.</summary>
    private static string DriverConfig(GitSandbox sandbox, string clone)
    {
        var result = sandbox.TryGit(clone, "config", "--local", "--get-regexp", @"^merge\.memorybank-");
        return result.ExitCode == 1 ? string.Empty : string.Join('\n', result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    /// <summary>Every file under the clone (outside .git) with its bytes, plus the driver config: the state init may change.</summary>
    private static Dictionary<string, string> Snapshot(GitSandbox sandbox, string clone)
    {
        var state = Directory.EnumerateFiles(clone, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(clone, f).StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(clone, f), f => Convert.ToHexString(File.ReadAllBytes(f)));
        state["(git config)"] = DriverConfig(sandbox, clone);
        return state;
    }

    [Fact]
    public void Init_FreshClone_CreatesTheFiveSeedFilesEachWithAHeader()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);

        var result = CliProcess.Run(sandbox, clone, "init").AssertSuccess();

        Assert.Equal(s_seedFiles.Order(StringComparer.Ordinal), Directory.GetFiles(Path.Combine(clone, Bank)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in s_seedFiles)
        {
            var text = File.ReadAllText(Path.Combine(clone, Bank, name));
            Assert.Matches(@"^# \S[^\n]*\n\n\S", text);
            Assert.DoesNotContain('\r', text);
            Assert.Contains($"Create    {Bank}/{name}", result.StandardOutput);
        }
    }

    [Fact]
    public void Init_FreshClone_WritesTheMarkedBlockMappingEveryBankFile()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);

        CliProcess.Run(sandbox, clone, "init").AssertSuccess();

        var attributes = Attributes(clone);
        Assert.StartsWith(BeginMarker + "\n", attributes);
        Assert.EndsWith("\n" + EndMarker + "\n", attributes);

        // git itself must map each file to the right driver, including files that are not seeded.
        var checkAttr = sandbox.Git(clone, "check-attr", "merge", "--",
            $"{Bank}/activeContext.md", $"{Bank}/SESSION_LOG.md", $"{Bank}/patterns-buffer.md", $"{Bank}/notes/extra.md", $"{Bank}/memory.jsonl", "README.md");
        Assert.Equal(
            $"""
            {Bank}/activeContext.md: merge: memorybank-theirs
            {Bank}/SESSION_LOG.md: merge: memorybank-union
            {Bank}/patterns-buffer.md: merge: memorybank-union
            {Bank}/notes/extra.md: merge: memorybank-union
            {Bank}/memory.jsonl: merge: memorybank-graph
            README.md: merge: unspecified
            """.ReplaceLineEndings("\n"),
            checkAttr);
    }

    public static TheoryData<string, string> ExistingAttributes => new()
    {
        { "lf", "*.png binary\n*.cs text\n" },
        { "crlf", "*.png binary\r\n*.cs text eol=crlf\r\n" },
        { "lf without final newline", "*.png binary\n*.cs text" },
        { "crlf without final newline", "*.png binary\r\n*.cs text" },
        { "utf-8 bom", "\uFEFF# Attributes\n*.png binary\n" },
        { "trailing blank lines and spaces", "*.png binary  \n\n\n" },
    };

    [Theory]
    [MemberData(nameof(ExistingAttributes))]
    public void Init_ExistingGitAttributes_KeepsEveryExistingByteAndAppendsTheBlock(string shape, string existing)
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);
        var path = Path.Combine(clone, ".gitattributes");
        var before = Encoding.UTF8.GetBytes(existing);
        File.WriteAllBytes(path, before);

        CliProcess.Run(sandbox, clone, "init").AssertSuccess();

        var after = File.ReadAllBytes(path);
        Assert.True(after.AsSpan().StartsWith(before), $"{shape}: the existing bytes changed:\n{Encoding.UTF8.GetString(after)}");
        var added = Encoding.UTF8.GetString(after.AsSpan(before.Length));
        var newline = existing.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var separator = existing.EndsWith('\n') ? string.Empty : newline;
        Assert.StartsWith(separator + BeginMarker + newline, added);
        Assert.EndsWith(newline + EndMarker + newline, added);
        Assert.DoesNotContain("\n", added.Replace(newline, string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Init_OutdatedBlockBetweenUserLines_ReplacesOnlyTheBlock()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);
        const string above = "# Team attributes\r\n*.png binary\r\n";
        const string below = "\r\n*.sln text eol=crlf";
        var path = Path.Combine(clone, ".gitattributes");
        File.WriteAllText(path, above + BeginMarker + "\r\n.claude/memory-bank/*.md merge=union\r\n" + EndMarker + below);

        var result = CliProcess.Run(sandbox, clone, "init").AssertSuccess();

        var attributes = Attributes(clone);
        Assert.StartsWith(above + BeginMarker + "\r\n", attributes);
        Assert.EndsWith("\r\n" + EndMarker + below, attributes);
        Assert.DoesNotContain("merge=union\r\n", attributes);
        Assert.Contains($"{Bank}/activeContext.md merge=memorybank-theirs\r\n", attributes);
        Assert.Contains("Update    .gitattributes", result.StandardOutput);
    }

    [Fact]
    public void Init_FreshClone_RegistersEveryDriverWithTheCliPathSingleQuoted()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);

        CliProcess.Run(sandbox, clone, "init").AssertSuccess();

        var quoted = "'" + CliProcess.ExecutablePath + "'";
        var expected = s_strategies
            .SelectMany(s => new[]
            {
                $"merge.memorybank-{s}.driver {quoted} merge-driver {s} %O %A %B %P",
                $"merge.memorybank-{s}.name MemoryBank {s} merge",
            })
            .Order(StringComparer.Ordinal);
        Assert.Equal(string.Join('\n', expected), DriverConfig(sandbox, clone));
        Assert.True(Path.IsPathRooted(CliProcess.ExecutablePath));
    }

    [Fact]
    public void Init_SecondRun_SaysAlreadySetUpAndChangesNothing()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);
        File.WriteAllText(Path.Combine(clone, ".gitattributes"), "*.png binary\r\n");
        CliProcess.Run(sandbox, clone, "init").AssertSuccess();
        var before = Snapshot(sandbox, clone);

        var result = CliProcess.Run(sandbox, clone, "init").AssertSuccess();

        Assert.Equal("Already set up: nothing to change.", result.StandardOutput.Trim());
        Assert.Equal(string.Empty, result.StandardError);
        Assert.Equal(before, Snapshot(sandbox, clone));
    }

    [Fact]
    public void Init_CloneOfAnInitialisedRepository_OnlyRegistersTheDrivers()
    {
        // The bank and .gitattributes travel with the repository; the drivers live in each clone's .git/config.
        using var sandbox = new GitSandbox();
        sandbox.Seed();
        var clone = sandbox.Clone("second");

        var result = CliProcess.Run(sandbox, clone, "init", "--json").AssertSuccess();

        using var json = JsonDocument.Parse(result.StandardOutput);
        var actions = json.RootElement.EnumerateArray().Select(e => e.GetProperty("Action").GetString()).Distinct();
        Assert.Equal(["Register"], actions);
        Assert.Equal(string.Empty, sandbox.Git(clone, "status", "--porcelain"));
    }

    [Fact]
    public void Init_DryRun_ListsThePlanAndChangesNothing()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);
        File.WriteAllText(Path.Combine(clone, ".gitattributes"), "*.png binary\n");
        var before = Snapshot(sandbox, clone);

        var result = CliProcess.Run(sandbox, clone, "init", "--dry-run").AssertSuccess();

        Assert.Equal(before, Snapshot(sandbox, clone));
        Assert.False(Directory.Exists(Path.Combine(clone, ".claude")));
        Assert.Contains($"Create    {Bank}/activeContext.md", result.StandardOutput);
        Assert.Contains("Create    .gitattributes", result.StandardOutput);
        Assert.Contains("Register  merge.memorybank-union.driver", result.StandardOutput);
    }

    [Fact]
    public void Init_DryRunJson_PrintsEveryPlannedStepPrefixedWould()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);

        var result = CliProcess.Run(sandbox, clone, "init", "--dry-run", "--json").AssertSuccess();

        using var json = JsonDocument.Parse(result.StandardOutput);
        var steps = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(5 + 1 + 8, steps.Length);
        Assert.All(steps, step => Assert.StartsWith("Would: ", step.GetProperty("Detail").GetString()));
        Assert.False(Directory.Exists(Path.Combine(clone, ".claude")));
        Assert.Equal(string.Empty, DriverConfig(sandbox, clone));
    }

    [Fact]
    public void Init_Json_PrintsOneParsableDocumentWithActionTargetAndDetail()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);

        var first = CliProcess.Run(sandbox, clone, "init", "--json").AssertSuccess();
        var second = CliProcess.Run(sandbox, clone, "init", "--json").AssertSuccess();

        using var json = JsonDocument.Parse(first.StandardOutput);
        var steps = json.RootElement.EnumerateArray()
            .Select(e => (Action: e.GetProperty("Action").GetString(), Target: e.GetProperty("Target").GetString(), Detail: e.GetProperty("Detail").GetString()))
            .ToArray();
        Assert.Equal(s_seedFiles.Select(n => ("Create", $"{Bank}/{n}")), steps.Take(5).Select(s => (s.Action!, s.Target!)));
        Assert.Equal(("Create", ".gitattributes"), (steps[5].Action!, steps[5].Target!));
        Assert.Equal(
            s_strategies.SelectMany(s => new[] { $"merge.memorybank-{s}.name", $"merge.memorybank-{s}.driver" }),
            steps.Skip(6).Select(s => s.Target));
        Assert.All(steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Detail)));
        using var again = JsonDocument.Parse(second.StandardOutput);
        Assert.Equal(JsonValueKind.Array, again.RootElement.ValueKind);
        Assert.Equal(0, again.RootElement.GetArrayLength());
    }

    [Fact]
    public void Init_BankPathInConfig_CreatesTheBankThereAndQuotesItsPatterns()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);
        File.WriteAllText(Path.Combine(clone, ".memorybank.json"), "{\n  \"bankPath\": \"docs/team memory\"\n}\n");

        CliProcess.Run(sandbox, clone, "init").AssertSuccess();

        Assert.False(Directory.Exists(Path.Combine(clone, ".claude")));
        Assert.All(s_seedFiles, name => Assert.True(File.Exists(Path.Combine(clone, "docs", "team memory", name)), name));
        Assert.Contains("\"docs/team memory/activeContext.md\" merge=memorybank-theirs\n", Attributes(clone));
        Assert.Equal(
            "docs/team memory/activeContext.md: merge: memorybank-theirs\ndocs/team memory/notes.md: merge: memorybank-union",
            sandbox.Git(clone, "check-attr", "merge", "--", "docs/team memory/activeContext.md", "docs/team memory/notes.md"));
    }

    [Theory]
    [InlineData("{\n  \"bankPath\": \"../outside\"\n}\n", 2, "bankPath")]
    [InlineData("{\n  \"files\": {\n    \"activeContext.md\": { \"strategy\": \"newest\" }\n  }\n}\n", 3, "files.activeContext.md.strategy")]
    [InlineData("{\n  \"remote\": \"origin\",\n  \"bankpath\": \"notes\"\n}\n", 3, "bankpath")]
    public void Init_InvalidConfig_FailsNamingFileLineAndKeyAndWritesNothing(string config, int line, string key)
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);
        var configPath = Path.Combine(clone, ".memorybank.json");
        File.WriteAllText(configPath, config);
        var before = Snapshot(sandbox, clone);

        var result = CliProcess.Run(sandbox, clone, "init");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{configPath}:{line}: '{key}' ", result.StandardError);
        Assert.Contains("nothing was written", result.StandardError);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.Equal(before, Snapshot(sandbox, clone));
    }

    [Fact]
    public void Init_InvalidConfigWithJson_PrintsTheErrorAsJson()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);
        File.WriteAllText(Path.Combine(clone, ".memorybank.json"), "{\n  \"bankPath\": 5\n}\n");

        var result = CliProcess.Run(sandbox, clone, "init", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("ConfigInvalid", json.RootElement.GetProperty("Error").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("ExitCode").GetInt32());
        Assert.Contains(".memorybank.json:2: 'bankPath' must be a string.", json.RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public void Init_OutsideARepository_FailsNamingTheFolder()
    {
        using var sandbox = new GitSandbox();
        var folder = Path.Combine(sandbox.Root, "not-a-repo");
        Directory.CreateDirectory(folder);
        var ceiling = new Dictionary<string, string> { ["GIT_CEILING_DIRECTORIES"] = sandbox.Root };

        var result = CliProcess.RunWith(sandbox, folder, ceiling, "init");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"'{folder}' is not inside a git work tree", result.StandardError);
        Assert.Contains("--repo", result.StandardError);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void Init_RepoOptionPointingInsideAClone_SetsUpThatClone()
    {
        using var sandbox = new GitSandbox();
        var clone = sandbox.Seed(initBank: false);

        CliProcess.Run(sandbox, sandbox.Root, "init", "--repo", Path.Combine(clone, "src")).AssertSuccess();

        Assert.True(File.Exists(Path.Combine(clone, Bank, "activeContext.md")));
        Assert.False(Directory.Exists(Path.Combine(clone, "src", ".claude")));
        Assert.NotEqual(string.Empty, DriverConfig(sandbox, clone));
    }
}
