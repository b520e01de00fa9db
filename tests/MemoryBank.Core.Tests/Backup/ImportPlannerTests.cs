using System.Text;
using MemoryBank.Core.Backup;
using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Tests.Backup;

public class ImportPlannerTests
{
    private const string Stamp1 = "<!-- memory-bank: updated=2026-03-01T10:00:00Z by=laptop -->\n";
    private const string Stamp2 = "<!-- memory-bank: updated=2026-03-02T10:00:00Z by=desktop -->\n";

    private static readonly MemoryBankConfig s_config = new(
        MemoryBankConfig.DefaultBankPath,
        "origin",
        "main",
        [.. MemoryBankConfig.DefaultPolicies(), new FilePolicy("pinned.md", MergeStrategyKind.Ours, SyncTier.Daily)],
        TimeSpan.FromSeconds(30),
        0.5,
        10,
        [],
        sourcePath: null);

    // Local and archive versions of each scenario's file; null means absent.
    private static readonly Dictionary<string, (string Path, string? Local, string? Archive)> s_scenarios = new()
    {
        ["only in archive"] = ("patterns-buffer.md", null, "# Patterns buffer\n\n- a\n- b\n"),
        ["identical"] = ("patterns-buffer.md", "# Patterns buffer\n\n- a\n", "# Patterns buffer\n\n- a\n"),
        ["union differs"] = ("patterns-buffer.md", "# Patterns buffer\n\n- a\n- b\n", "# Patterns buffer\n\n- b\n- c\n"),
        ["union subset"] = ("patterns-buffer.md", "# Patterns buffer\n\n- a\n- b\n", "# Patterns buffer\n\n- b\n"),
        ["ours differs"] = ("pinned.md", "- mine\n", "- theirs\n"),
        ["no strategy differs"] = ("notes.txt", "local\n", "archive\n"),
    };

    public static TheoryData<string, ImportStrategy, ImportAction, int, int?> StrategyTable() => new()
    {
        { "only in archive", ImportStrategy.Merge, ImportAction.Added, 2, null },
        { "only in archive", ImportStrategy.Skip, ImportAction.Added, 2, null },
        { "only in archive", ImportStrategy.Overwrite, ImportAction.Added, 2, null },
        { "identical", ImportStrategy.Merge, ImportAction.Unchanged, 0, null },
        { "identical", ImportStrategy.Skip, ImportAction.Unchanged, 0, null },
        { "identical", ImportStrategy.Overwrite, ImportAction.Unchanged, 0, null },
        { "union differs", ImportStrategy.Merge, ImportAction.Merged, 1, 1 },
        { "union differs", ImportStrategy.Skip, ImportAction.Skipped, 0, null },
        { "union differs", ImportStrategy.Overwrite, ImportAction.Overwritten, 0, null },
        { "union subset", ImportStrategy.Merge, ImportAction.Unchanged, 0, 1 },
        { "ours differs", ImportStrategy.Merge, ImportAction.Skipped, 0, null },
        { "ours differs", ImportStrategy.Overwrite, ImportAction.Overwritten, 0, null },
        { "no strategy differs", ImportStrategy.Merge, ImportAction.Skipped, 0, null },
        { "no strategy differs", ImportStrategy.Skip, ImportAction.Skipped, 0, null },
        { "no strategy differs", ImportStrategy.Overwrite, ImportAction.Overwritten, 0, null },
    };

    [Theory]
    [MemberData(nameof(StrategyTable))]
    public void Plan_Scenario_GivesTheFileItsAction(string scenario, ImportStrategy strategy, ImportAction action, int entriesAdded, int? entriesMerged)
    {
        var (path, localText, archiveText) = s_scenarios[scenario];
        var local = Snapshot(localText is null ? [] : [(path, localText)]);
        var archive = Snapshot([(path, archiveText!)]);

        var plan = ImportPlanner.Plan(s_config, local, archive, strategy);

        Assert.Equal(new ImportFileAction(path, action, entriesAdded, entriesMerged), Assert.Single(plan.Actions));
        var expected = action switch
        {
            ImportAction.Added or ImportAction.Overwritten => archiveText,
            ImportAction.Skipped or ImportAction.Unchanged => localText,
            _ => Text(plan.Result, path),
        };
        Assert.Equal(expected, Text(plan.Result, path));
        Assert.Equal(action == ImportAction.Overwritten, plan.NeedsBackup);
        Assert.Equal(strategy, plan.Strategy);
    }

    [Fact]
    public void Plan_MergeUnion_AddsEachEntryOnce()
    {
        var local = Snapshot([("lessons-buffer.md", "# Lessons buffer\n\n- 2026-03-01 shared lesson\n- 2026-03-02 local lesson\n")]);
        var archive = Snapshot([("lessons-buffer.md", "# Lessons buffer\n\n- 2026-03-01 shared lesson\n- 2026-03-03 archived lesson\n")]);

        var plan = ImportPlanner.Plan(s_config, local, archive, ImportStrategy.Merge);

        Assert.Equal(
            "# Lessons buffer\n\n- 2026-03-01 shared lesson\n- 2026-03-02 local lesson\n- 2026-03-03 archived lesson\n",
            Text(plan.Result, "lessons-buffer.md"));
        Assert.Equal(new ImportFileAction("lessons-buffer.md", ImportAction.Merged, 1, 1), Assert.Single(plan.Actions));
    }

    [Fact]
    public void Plan_MergeTwice_SecondImportChangesNothing()
    {
        var local = Snapshot([("SESSION_LOG.md", "# Session log\n\n## 2026-03-01 laptop\n\nDid a.\n")]);
        var archive = Snapshot([("SESSION_LOG.md", "# Session log\n\n## 2026-03-02 desktop\n\nDid b.\n"), ("decisions-inbox.md", "- use zip\n")]);

        var first = ImportPlanner.Plan(s_config, local, archive, ImportStrategy.Merge);
        var second = ImportPlanner.Plan(s_config, first.Result, archive, ImportStrategy.Merge);

        Assert.True(first.HasChanges);
        Assert.False(second.HasChanges);
        Assert.All(second.Actions, action => Assert.Equal(ImportAction.Unchanged, action.Action));
        Assert.True(first.Result.ContentEquals(second.Result));
    }

    [Fact]
    public void Plan_MergeLatestWins_NewerArchiveSectionWins()
    {
        var local = Snapshot([("activeContext.md", Stamp1 + "# Active context\n\n## Focus\n\nOld focus.\n")]);
        var archive = Snapshot([("activeContext.md", Stamp2 + "# Active context\n\n## Focus\n\nNew focus.\n\n## Next\n\nShip it.\n")]);

        var plan = ImportPlanner.Plan(s_config, local, archive, ImportStrategy.Merge);

        Assert.Equal(Stamp2 + "# Active context\n\n## Focus\n\nNew focus.\n\n## Next\n\nShip it.\n", Text(plan.Result, "activeContext.md"));
        var action = plan.Actions[0];
        Assert.Equal(("activeContext.md", ImportAction.Merged), (action.File, action.Action));

        // The local section lost to a later stamp; as in a sync, it is kept as a conflict copy.
        var copy = Assert.Single(plan.Actions, a => a.File.StartsWith("conflicts/", StringComparison.Ordinal));
        Assert.Equal(ImportAction.Added, copy.Action);
        Assert.Equal(Stamp1 + "# Active context\n\n## Focus\n\nOld focus.\n", Text(plan.Result, copy.File));
        Assert.False(plan.NeedsBackup);
    }

    [Fact]
    public void Plan_MergeLatestWins_NewerLocalStaysAndArchiveIsKeptAsConflictCopy()
    {
        var localText = Stamp2 + "# Active context\n\n## Focus\n\nNew focus.\n";
        var local = Snapshot([("activeContext.md", localText)]);
        var archive = Snapshot([("activeContext.md", Stamp1 + "# Active context\n\n## Focus\n\nOld focus.\n")]);

        var plan = ImportPlanner.Plan(s_config, local, archive, ImportStrategy.Merge);

        Assert.Equal(localText, Text(plan.Result, "activeContext.md"));
        Assert.Equal(ImportAction.Unchanged, plan.Actions[0].Action);
        Assert.Contains(plan.Result.Files.Keys, path => path.StartsWith("conflicts/activeContext.20260301T100000Z.laptop", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_MergeLatestWins_StampOnlyDifferenceTakesTheLaterStamp()
    {
        var local = Snapshot([("activeContext.md", Stamp1 + "# Active context\n")]);
        var archive = Snapshot([("activeContext.md", Stamp2 + "# Active context\n")]);

        var plan = ImportPlanner.Plan(s_config, local, archive, ImportStrategy.Merge);

        Assert.Equal(Stamp2 + "# Active context\n", Text(plan.Result, "activeContext.md"));
        Assert.Single(plan.Actions);
    }

    [Fact]
    public void Plan_MergeGraph_UnitesEntitiesAndObservations()
    {
        var local = Snapshot([("memory.jsonl", "{\"type\":\"entity\",\"name\":\"Bank\",\"entityType\":\"project\",\"observations\":[\"a\"]}\n")]);
        var archive = Snapshot([("memory.jsonl", "{\"type\":\"entity\",\"name\":\"Bank\",\"entityType\":\"project\",\"observations\":[\"b\"]}\n{\"type\":\"entity\",\"name\":\"Zip\",\"entityType\":\"format\",\"observations\":[]}\n")]);

        var plan = ImportPlanner.Plan(s_config, local, archive, ImportStrategy.Merge);

        Assert.Equal(
            "{\"type\":\"entity\",\"name\":\"Bank\",\"entityType\":\"project\",\"observations\":[\"a\",\"b\"]}\n{\"type\":\"entity\",\"name\":\"Zip\",\"entityType\":\"format\",\"observations\":[]}\n",
            Text(plan.Result, "memory.jsonl"));
        Assert.Equal(new ImportFileAction("memory.jsonl", ImportAction.Merged, 1, 1), Assert.Single(plan.Actions));
    }

    [Theory]
    [InlineData(ImportStrategy.Merge)]
    [InlineData(ImportStrategy.Skip)]
    [InlineData(ImportStrategy.Overwrite)]
    public void Plan_LocalOnlyFiles_AreKept(ImportStrategy strategy)
    {
        var local = Snapshot([("activeContext.md", "# mine\n"), ("patterns-buffer.md", "- a\n")]);
        var archive = Snapshot([("patterns-buffer.md", "- b\n")]);

        var plan = ImportPlanner.Plan(s_config, local, archive, strategy);

        Assert.Equal("# mine\n", Text(plan.Result, "activeContext.md"));
        Assert.DoesNotContain(plan.Actions, a => a.File == "activeContext.md");
    }

    [Theory]
    [InlineData(ImportStrategy.Merge, new byte[] { 0x2D, 0x20, 0x61, 0x00, 0x0A })]
    [InlineData(ImportStrategy.Skip, new byte[] { 0x2D, 0x20, 0xC3, 0x28, 0x0A })]
    [InlineData(ImportStrategy.Overwrite, new byte[] { 0xFF, 0xFE, 0x00 })]
    public void Plan_ArchiveFileNotText_ThrowsFileInvalid(ImportStrategy strategy, byte[] content)
    {
        var archive = new BankSnapshot(new Dictionary<string, byte[]> { ["patterns-buffer.md"] = Encoding.UTF8.GetBytes("- fine\n"), ["blob.md"] = content });

        var error = Assert.Throws<ArchiveException>(() => ImportPlanner.Plan(s_config, BankSnapshot.Empty, archive, strategy));

        Assert.Equal(ArchiveException.FileInvalid, error.ErrorId);
        Assert.Equal("blob.md", error.Target);
        Assert.Contains("nothing was written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MalformedGraphToMerge_ThrowsNamingTheFile()
    {
        var local = Snapshot([("memory.jsonl", "{\"type\":\"entity\",\"name\":\"A\",\"observations\":[]}\n")]);
        var archive = Snapshot([("memory.jsonl", "not json\n")]);

        var error = Assert.Throws<BankFileFormatException>(() => ImportPlanner.Plan(s_config, local, archive, ImportStrategy.Merge));

        Assert.Equal("memory.jsonl", error.Target);
        Assert.Contains("Nothing was imported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Actions_AreInPathOrder()
    {
        var archive = Snapshot([("b.md", "- b\n"), ("a.md", "- a\n"), ("notes/c.md", "- c\n")]);

        var plan = ImportPlanner.Plan(s_config, BankSnapshot.Empty, archive, ImportStrategy.Merge);

        Assert.Equal(["a.md", "b.md", "notes/c.md"], plan.Actions.Select(a => a.File));
    }

    private static BankSnapshot Snapshot((string Path, string Text)[] files) =>
        new(files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Text)));

    private static string? Text(BankSnapshot snapshot, string path) =>
        snapshot.Get(path) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
