using System.Text;
using MemoryBank.Core.Config;

namespace MemoryBank.Core.Tests;

public sealed class ConfigLoaderTests
{
    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Config", name);

    private static MemoryBankConfig ParseFixture(string name) => ConfigLoader.Parse(File.ReadAllBytes(FixturePath(name)), name);

    private static ConfigException ParseFixtureFails(string name) =>
        Assert.Throws<ConfigException>(() => ParseFixture(name));

    public static TheoryData<string, MergeStrategyKind, SyncTier, bool, int?, HarvestUnit?, string?, HarvestKind?> DefaultPolicies => new()
    {
        { "activeContext.md", MergeStrategyKind.Theirs, SyncTier.Session, false, null, null, null, null },
        { "patterns-buffer.md", MergeStrategyKind.Union, SyncTier.Daily, false, 20, HarvestUnit.Lines, "Docs/03-Reference/Patterns.md", HarvestKind.Patterns },
        { "lessons-buffer.md", MergeStrategyKind.Union, SyncTier.Daily, false, 15, HarvestUnit.Lines, "Docs/06-PostMortems", HarvestKind.Lessons },
        { "decisions-inbox.md", MergeStrategyKind.Union, SyncTier.Weekly, false, 5, HarvestUnit.Items, "Docs/03-Reference/ADR", HarvestKind.Decisions },
        { "SESSION_LOG.md", MergeStrategyKind.Union, SyncTier.Daily, true, null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(DefaultPolicies))]
    public void CreateDefault_DefaultFile_HasTheDocumentedPolicy(
        string name, MergeStrategyKind strategy, SyncTier tier, bool chronological, int? threshold, HarvestUnit? unit, string? target, HarvestKind? kind)
    {
        var policy = Assert.Single(MemoryBankConfig.CreateDefault().Files, p => p.Name == name);

        Assert.Equal(strategy, policy.Strategy);
        Assert.Equal(tier, policy.Tier);
        Assert.Equal(chronological, policy.Chronological);
        var expectedHarvest = threshold is null ? null : new HarvestPolicy(threshold.Value, unit!.Value, target!, kind!.Value);
        Assert.Equal(expectedHarvest, policy.Harvest);
    }

    [Fact]
    public void CreateDefault_NoFile_HasTheFiveSeedPoliciesAndTheDocumentedSettings()
    {
        var config = MemoryBankConfig.CreateDefault();

        Assert.Equal(["activeContext.md", "patterns-buffer.md", "lessons-buffer.md", "decisions-inbox.md", "SESSION_LOG.md"], config.Files.Select(f => f.Name));
        Assert.Equal(".claude/memory-bank", config.BankPath);
        Assert.Equal("origin", config.Remote);
        Assert.Equal("main", config.SyncBranch);
        Assert.Equal(TimeSpan.FromSeconds(30), config.NetworkTimeout);
        Assert.Equal(0.5, config.MassDeletionShare);
        Assert.Equal(10, config.MassDeletionMinEntries);
        Assert.Empty(config.AllowedSecretRules);
        Assert.Null(config.SourcePath);
    }

    [Theory]
    [InlineData("activeContext.md", MergeStrategyKind.Theirs, SyncTier.Session)]
    [InlineData("SESSION_LOG.md", MergeStrategyKind.Union, SyncTier.Daily)]
    [InlineData("notes.md", MergeStrategyKind.Union, SyncTier.Daily)]
    [InlineData("team/notes.md", MergeStrategyKind.Union, SyncTier.Daily)]
    [InlineData("README.MD", MergeStrategyKind.Union, SyncTier.Daily)]
    [InlineData("memory.jsonl", MergeStrategyKind.Graph, SyncTier.Daily)]
    [InlineData("graph/memory.json", MergeStrategyKind.Graph, SyncTier.Daily)]
    public void PolicyFor_FileInTheBank_MapsByNameThenExtension(string name, MergeStrategyKind strategy, SyncTier tier)
    {
        var policy = MemoryBankConfig.CreateDefault().PolicyFor(name);

        Assert.NotNull(policy);
        Assert.Equal(name, policy.Name);
        Assert.Equal(strategy, policy.Strategy);
        Assert.Equal(tier, policy.Tier);
    }

    [Theory]
    [InlineData("diagram.png")]
    [InlineData("notes.txt")]
    [InlineData("Makefile")]
    public void PolicyFor_FileWithoutMarkdownOrJsonExtension_ReturnsNull(string name)
    {
        Assert.Null(MemoryBankConfig.CreateDefault().PolicyFor(name));
    }

    [Fact]
    public void Parse_DocumentedDefaults_EqualBuiltInDefaults()
    {
        // The fixture is the Defaults block of docs/configuration.md.
        var config = ParseFixture("documented-defaults.json");

        AssertSameSettings(MemoryBankConfig.CreateDefault(), config);
    }

    [Fact]
    public void Parse_EmptyObject_GivesDefaultsWithTheSourcePath()
    {
        var config = ParseFixture("empty-object.json");

        AssertSameSettings(MemoryBankConfig.CreateDefault(), config);
        Assert.Equal("empty-object.json", config.SourcePath);
    }

    [Fact]
    public void Parse_Overrides_ReplaceDefaultsKeyByKeyAndAddNewFilesInOrder()
    {
        var config = ParseFixture("overrides.json");

        Assert.Equal("notes/bank", config.BankPath);
        Assert.Equal("upstream", config.Remote);
        Assert.Equal("memory", config.SyncBranch);
        Assert.Equal(TimeSpan.FromSeconds(90), config.NetworkTimeout);
        Assert.Equal(0.25, config.MassDeletionShare);
        Assert.Equal(4, config.MassDeletionMinEntries);
        Assert.Equal(["aws-access-key-id", "generic-assignment"], config.AllowedSecretRules);
        Assert.Equal(
            new[]
            {
                new FilePolicy("activeContext.md", MergeStrategyKind.Union, SyncTier.Session),
                new FilePolicy("patterns-buffer.md", MergeStrategyKind.Union, SyncTier.Daily, new HarvestPolicy(40, HarvestUnit.Lines, "Docs/03-Reference/Patterns.md", HarvestKind.Patterns)),
                new FilePolicy("lessons-buffer.md", MergeStrategyKind.Union, SyncTier.Daily),
                new FilePolicy("decisions-inbox.md", MergeStrategyKind.Union, SyncTier.Weekly, new HarvestPolicy(5, HarvestUnit.Items, "Docs/03-Reference/ADR", HarvestKind.Decisions)),
                new FilePolicy("SESSION_LOG.md", MergeStrategyKind.Union, SyncTier.Weekly, Chronological: true),
                new FilePolicy("team/runbook.md", MergeStrategyKind.Union, SyncTier.Weekly, new HarvestPolicy(3, HarvestUnit.Items, "Docs/Runbooks", HarvestKind.Lessons)),
                new FilePolicy("graph/memory.jsonl", MergeStrategyKind.Graph, SyncTier.Session),
                new FilePolicy("pinned.md", MergeStrategyKind.Ours, SyncTier.Daily),
            },
            config.Files);
    }

    [Fact]
    public void Parse_FileWithUtf8Bom_ReadsLikeWithout()
    {
        // Notepad and Windows PowerShell 5.1 save UTF-8 with a BOM.
        var bytes = File.ReadAllBytes(FixturePath("overrides.json"));
        var withBom = Encoding.UTF8.GetPreamble().Concat(bytes).ToArray();

        var config = ConfigLoader.Parse(withBom, "overrides.json");

        AssertSameSettings(ConfigLoader.Parse(bytes, "overrides.json"), config);
    }

    [Theory]
    [InlineData("github-token")]
    [InlineData("GitHub-Token")]
    [InlineData("JWT")]
    public void Parse_SecretsAllowKnownRuleInAnyCase_KeepsItAsWritten(string rule)
    {
        var json = Encoding.UTF8.GetBytes($$"""{ "secrets": { "allow": ["{{rule}}"] } }""");

        var config = ConfigLoader.Parse(json, "inline.json");

        Assert.Equal([rule], config.AllowedSecretRules);
    }

    [Fact]
    public void Load_FolderWithoutConfigFile_ReturnsDefaults()
    {
        using var folder = new TempFolder();

        var config = ConfigLoader.Load(folder.Path);

        AssertSameSettings(MemoryBankConfig.CreateDefault(), config);
        Assert.Null(config.SourcePath);
    }

    [Fact]
    public void Load_FolderWithConfigFile_ReadsItAndRecordsItsPath()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, MemoryBankConfig.FileName);
        File.Copy(FixturePath("overrides.json"), path);

        var config = ConfigLoader.Load(folder.Path);

        Assert.Equal("notes/bank", config.BankPath);
        Assert.Equal(path, config.SourcePath);
    }

    [Fact]
    public void Load_InvalidConfigFile_NamesTheFullPathLineAndKey()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, MemoryBankConfig.FileName);
        File.Copy(FixturePath("unknown-strategy.json"), path);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(folder.Path));

        Assert.StartsWith($"{path}:5: 'files.activeContext.md.strategy' must be one of union, theirs, graph, ours (got \"newest\").", ex.Message);
        Assert.EndsWith("Fix .memorybank.json (see docs/configuration.md) and run the command again; nothing was written.", ex.Message);
        Assert.Equal("ConfigInvalid", ex.ErrorId);
        Assert.Equal(path, ex.Target);
        Assert.Equal(MemoryBankErrorKind.InvalidInput, ex.Kind);
    }

    [Theory]
    [InlineData("invalid-missing-comma.json", 3)]
    [InlineData("invalid-truncated.json", 4)]
    [InlineData("invalid-empty.json", 1)]
    [InlineData("invalid-two-roots.json", 2)]
    public void Parse_InvalidJson_NamesTheLineOfTheBadToken(string fixture, int line)
    {
        var ex = ParseFixtureFails(fixture);

        Assert.Equal(line, ex.Line);
        Assert.Equal(string.Empty, ex.Key);
        Assert.StartsWith($"{fixture}:{line}: is not valid JSON: ", ex.Message);

        // The reader's 0-based position would contradict the 1-based line in front of the message.
        Assert.DoesNotContain("LineNumber", ex.Message);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Theory]
    // Not an object.
    [InlineData("invalid-root-array.json", 2, "", "The file must hold one JSON object.")]
    [InlineData("wrong-type-files.json", 2, "files", "must be a JSON object.")]
    [InlineData("wrong-type-file-policy.json", 3, "files.activeContext.md", "must be a JSON object.")]
    [InlineData("wrong-type-harvest.json", 3, "files.patterns-buffer.md.harvest", "must be a JSON object.")]
    [InlineData("wrong-type-mass-deletion.json", 2, "massDeletion", "must be a JSON object.")]
    // Unknown keys.
    [InlineData("unknown-root-key.json", 3, "bankpath", "is not a known setting; expected one of: $schema, bankPath, remote, syncBranch, networkTimeoutSeconds, massDeletion, files, secrets.")]
    [InlineData("unknown-file-key.json", 4, "files.activeContext.md.stratgy", "is not a known setting; expected one of: strategy, tier, chronological, harvest.")]
    [InlineData("unknown-harvest-key.json", 5, "files.patterns-buffer.md.harvest.treshold", "is not a known setting; expected one of: threshold, unit, target, kind.")]
    [InlineData("unknown-mass-deletion-key.json", 4, "massDeletion.max", "is not a known setting; expected one of: maxShare, minEntries.")]
    [InlineData("unknown-secrets-key.json", 3, "secrets.deny", "is not a known setting; expected one of: allow.")]
    // Wrong types.
    [InlineData("wrong-type-bank-path.json", 2, "bankPath", "must be a string.")]
    [InlineData("wrong-type-timeout.json", 3, "networkTimeoutSeconds", "must be a number.")]
    [InlineData("wrong-type-chronological.json", 3, "files.SESSION_LOG.md.chronological", "must be true or false.")]
    [InlineData("wrong-type-secrets-allow.json", 3, "secrets.allow", "must be an array of rule names.")]
    [InlineData("wrong-type-secrets-allow-item.json", 3, "secrets.allow", "must hold only strings (rule names).")]
    [InlineData("wrong-type-remote.json", 2, "remote", "must be a non-empty string.")]
    // Secret-guard rules the scanner would silently ignore.
    [InlineData("unknown-secret-rule.json", 3, "secrets.allow", "holds \"aws-access-key\", which is not a secret-guard rule; expected one of: private-key, aws-access-key-id, github-token, gitlab-token, slack-token, jwt, generic-assignment.")]
    [InlineData("empty-secret-rule.json", 3, "secrets.allow", "holds \"\", which is not a secret-guard rule; expected one of: private-key, aws-access-key-id, github-token, gitlab-token, slack-token, jwt, generic-assignment.")]
    // Values outside the allowed names.
    [InlineData("unknown-strategy.json", 5, "files.activeContext.md.strategy", "must be one of union, theirs, graph, ours (got \"newest\").")]
    [InlineData("strategy-flag-list.json", 3, "files.notes.md.strategy", "must be one of union, theirs, graph, ours (got \"union, theirs\").")]
    [InlineData("strategy-number-string.json", 3, "files.notes.md.strategy", "must be one of union, theirs, graph, ours (got \"1\").")]
    [InlineData("strategy-number.json", 3, "files.notes.md.strategy", "must be one of union, theirs, graph, ours (got 1).")]
    [InlineData("unknown-tier.json", 3, "files.notes.md.tier", "must be one of session, daily, weekly (got \"hourly\").")]
    [InlineData("tier-flag-list.json", 3, "files.notes.md.tier", "must be one of session, daily, weekly (got \"daily,weekly\").")]
    [InlineData("unknown-harvest-unit.json", 3, "files.patterns-buffer.md.harvest.unit", "must be one of lines, items (got \"words\").")]
    [InlineData("unknown-harvest-kind.json", 4, "files.patterns-buffer.md.harvest.kind", "must be one of patterns, lessons, decisions (got \"postmortems\").")]
    // Numbers out of range.
    [InlineData("negative-threshold.json", 5, "files.lessons-buffer.md.harvest.threshold", "must be between 1 and 1000000, not -1.")]
    [InlineData("zero-threshold.json", 3, "files.lessons-buffer.md.harvest.threshold", "must be between 1 and 1000000, not 0.")]
    [InlineData("fractional-threshold.json", 3, "files.lessons-buffer.md.harvest.threshold", "must be a whole number.")]
    [InlineData("zero-timeout.json", 2, "networkTimeoutSeconds", "must be between 1 and 3600 seconds, not 0.")]
    [InlineData("large-timeout.json", 2, "networkTimeoutSeconds", "must be between 1 and 3600 seconds, not 3601.")]
    [InlineData("zero-max-share.json", 3, "massDeletion.maxShare", "must be greater than 0 and at most 1, not 0.")]
    [InlineData("max-share-above-one.json", 2, "massDeletion.maxShare", "must be greater than 0 and at most 1, not 1.5.")]
    [InlineData("negative-min-entries.json", 3, "massDeletion.minEntries", "must be between 0 and 1000000, not -1.")]
    // Paths that leave the repository, or would not match in .gitattributes.
    [InlineData("bank-path-parent.json", 2, "bankPath", "must be a path inside the repository, relative to its root, without '..' (got \"../outside\").")]
    [InlineData("bank-path-nested-parent.json", 3, "bankPath", "must be a path inside the repository, relative to its root, without '..' (got \"notes/../../outside\").")]
    [InlineData("bank-path-absolute.json", 2, "bankPath", "must be a path inside the repository, relative to its root, without '..' (got \"/srv/bank\").")]
    [InlineData("bank-path-drive.json", 2, "bankPath", "must be a path inside the repository, relative to its root, without '..' (got \"C:/bank\").")]
    [InlineData("bank-path-unc.json", 2, "bankPath", "must be a path inside the repository, relative to its root, without '..' (got \"\\\\server\\share\").")]
    [InlineData("bank-path-empty.json", 2, "bankPath", "must be a path inside the repository, relative to its root, without '..' (got \"\").")]
    [InlineData("bank-path-dot.json", 2, "bankPath", "must be a path inside the repository, relative to its root, without '..' (got \"./\").")]
    [InlineData("harvest-target-parent.json", 4, "files.patterns-buffer.md.harvest.target", "must be a path inside the repository, relative to its root, without '..' (got \"../Docs/Patterns.md\").")]
    [InlineData("file-name-parent.json", 3, "files.../escape.md", "must be a file name relative to the bank folder, without '..', '\\' or a leading '/'.")]
    [InlineData("file-name-backslash.json", 3, "files.sub\\notes.md", "must be a file name relative to the bank folder, without '..', '\\' or a leading '/'.")]
    [InlineData("file-name-absolute.json", 3, "files./notes.md", "must be a file name relative to the bank folder, without '..', '\\' or a leading '/'.")]
    // Names git would refuse or read as options.
    [InlineData("remote-with-space.json", 2, "remote", "\"my remote\" is not a valid git name.")]
    [InlineData("sync-branch-double-dot.json", 2, "syncBranch", "\"memory..main\" is not a valid git name.")]
    [InlineData("sync-branch-option.json", 3, "syncBranch", "\"--force\" is not a valid git name.")]
    // Harvest rules.
    [InlineData("harvest-on-theirs.json", 4, "files.activeContext.md.harvest", "applies only to union files, but this file's strategy is theirs.")]
    [InlineData("harvest-inherited-on-theirs.json", 5, "files.patterns-buffer.md.strategy", "is theirs, but this file has a default harvest, which applies only to union files.")]
    [InlineData("harvest-on-graph.json", 4, "files.memory.jsonl.harvest", "applies only to union files, but this file's strategy is graph.")]
    [InlineData("harvest-without-kind.json", 4, "files.notes.md.harvest", "needs \"kind\": one of patterns, lessons, decisions.")]
    [InlineData("harvest-without-target.json", 4, "files.notes.md.harvest", "needs \"target\": a repository-relative file or folder.")]
    public void Parse_InvalidSetting_NamesTheLineAndKey(string fixture, int line, string key, string problem)
    {
        var ex = ParseFixtureFails(fixture);

        Assert.Equal(line, ex.Line);
        Assert.Equal(key, ex.Key);
        var where = key.Length == 0 ? $"{fixture}:{line}: " : $"{fixture}:{line}: '{key}' ";
        Assert.StartsWith(where + problem, ex.Message);
        Assert.Equal("ConfigInvalid", ex.ErrorId);
    }

    private static void AssertSameSettings(MemoryBankConfig expected, MemoryBankConfig actual)
    {
        Assert.Equal(expected.BankPath, actual.BankPath);
        Assert.Equal(expected.Remote, actual.Remote);
        Assert.Equal(expected.SyncBranch, actual.SyncBranch);
        Assert.Equal(expected.NetworkTimeout, actual.NetworkTimeout);
        Assert.Equal(expected.MassDeletionShare, actual.MassDeletionShare);
        Assert.Equal(expected.MassDeletionMinEntries, actual.MassDeletionMinEntries);
        Assert.Equal(expected.AllowedSecretRules, actual.AllowedSecretRules);
        Assert.Equal(expected.Files, actual.Files);
    }

    /// <summary>A throwaway folder, deleted on dispose.</summary>
    private sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mb-config-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
