using MemoryBank.Core.Config;
using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Tests.Diagnostics;

public sealed class DoubleHarvestCheckTests
{
    private const string Patterns =
        "# Patterns buffer\n\n" +
        "- 2026-11-20 09:15 [dev] Retry idempotent HTTP calls with jittered backoff\n" +
        "  - only for GET and PUT\n" +
        "- 2026-11-20 10:00 [qa] Name tests Method_Condition_Result\n";

    private const string Lessons =
        "# Lessons buffer\n\n" +
        "- 2026-11-19 16:40 [ops] Never run migrations during a deploy\n" +
        "  The lock held the table for twenty minutes.\n";

    private const string Decisions =
        "# Decisions inbox\n\n" +
        "- 2026-11-18 11:00 [lead] Use PostgreSQL for the event store\n" +
        "  - Context: we need transactions across aggregates\n" +
        "  - Decision: PostgreSQL 16 with one schema per service\n";

    /// <summary>Fills the buffers, plans a forced harvest with the real planner and writes its documents (not its buffers).</summary>
    private static HarvestPlan HarvestKeepingBuffers(CheckRepository repo, DateOnly day)
    {
        repo.WriteBank("patterns-buffer.md", Patterns);
        repo.WriteBank("lessons-buffer.md", Lessons);
        repo.WriteBank("decisions-inbox.md", Decisions);
        var plan = HarvestPlanner.Plan(new HarvestInput
        {
            Config = MemoryBankConfig.CreateDefault(),
            Buffers = new Dictionary<string, string>
            {
                ["patterns-buffer.md"] = Patterns,
                ["lessons-buffer.md"] = Lessons,
                ["decisions-inbox.md"] = Decisions,
            },
            ReadRepoFile = path => File.Exists(Path.Combine(repo.Root, path)) ? BankText.ReadFile(Path.Combine(repo.Root, path)) : null,
            ListRepoFolder = folder => Directory.Exists(Path.Combine(repo.Root, folder)) ? Directory.GetFiles(Path.Combine(repo.Root, folder)).Select(Path.GetFileName).OfType<string>().ToList() : [],
            Today = day,
            Force = true,
        });
        foreach (var (path, text) in plan.DocTexts)
        {
            repo.Write(path, text);
        }

        return plan;
    }

    [Fact]
    public void Run_BuffersWithUnharvestedEntries_Passes()
    {
        using var repo = new CheckRepository();
        repo.WriteBank("patterns-buffer.md", Patterns);
        repo.WriteBank("lessons-buffer.md", Lessons);
        repo.WriteBank("decisions-inbox.md", Decisions);

        var result = repo.Check(CheckNames.DoubleHarvest);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("No entry of the 3 harvested buffers is also in its harvest target.", result.Detail);
    }

    [Fact]
    public void Run_HarvestCompleted_Passes()
    {
        using var repo = new CheckRepository();
        var plan = HarvestKeepingBuffers(repo, new DateOnly(2026, 11, 21));
        foreach (var (name, text) in plan.BufferTexts)
        {
            repo.WriteBank(name, text);
        }

        Assert.Equal(CheckStatus.Pass, repo.Check(CheckNames.DoubleHarvest).Status);
    }

    [Fact]
    public void Run_EntriesStillInBuffersAfterHarvest_FailsListingEachWithItsTarget()
    {
        using var repo = new CheckRepository();
        HarvestKeepingBuffers(repo, new DateOnly(2026, 11, 21));

        var result = repo.Check(CheckNames.DoubleHarvest, repair: true);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.False(result.Repaired);
        Assert.StartsWith("4 entries already harvested but still in a buffer:", result.Detail, StringComparison.Ordinal);
        Assert.Contains("patterns-buffer.md: \"- 2026-11-20 09:15 [dev] Retry idempotent HTTP calls with jittered backoff\" is already in Docs/03-Reference/Patterns.md", result.Detail, StringComparison.Ordinal);
        Assert.Contains("patterns-buffer.md: \"- 2026-11-20 10:00 [qa] Name tests Method_Condition_Result\" is already in Docs/03-Reference/Patterns.md", result.Detail, StringComparison.Ordinal);
        Assert.Contains("lessons-buffer.md: \"- 2026-11-19 16:40 [ops] Never run migrations during a deploy\" is already in Docs/06-PostMortems/2026-11-21-lessons.md", result.Detail, StringComparison.Ordinal);
        Assert.Contains("decisions-inbox.md: \"- 2026-11-18 11:00 [lead] Use PostgreSQL for the event store\" is already in Docs/03-Reference/ADR/ADR-001-use-postgresql-for-the-event-store.md", result.Detail, StringComparison.Ordinal);
        Assert.Contains("Not repaired", result.Detail, StringComparison.Ordinal);
        Assert.Equal(Patterns, File.ReadAllText(Path.Combine(repo.Bank, "patterns-buffer.md")));
    }

    [Fact]
    public void Run_OneEntryRestoredIntoItsBuffer_FailsNamingOnlyThatEntry()
    {
        using var repo = new CheckRepository();
        var plan = HarvestKeepingBuffers(repo, new DateOnly(2026, 11, 21));
        foreach (var (name, text) in plan.BufferTexts)
        {
            repo.WriteBank(name, text);
        }

        repo.AppendBank("patterns-buffer.md", "- 2026-11-20 10:00 [qa] Name tests Method_Condition_Result\n- 2026-11-22 08:00 [qa] A new pattern\n");

        var result = repo.Check(CheckNames.DoubleHarvest);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("1 entry already harvested but still in a buffer: patterns-buffer.md: \"- 2026-11-20 10:00 [qa] Name tests", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AdrEditedAfterHarvest_StillFindsTheDecision()
    {
        using var repo = new CheckRepository();
        var plan = HarvestKeepingBuffers(repo, new DateOnly(2026, 11, 21));
        var adr = plan.DocTexts.Keys.Single(p => p.Contains("/ADR/", StringComparison.Ordinal));
        var path = Path.Combine(repo.Root, adr);
        File.WriteAllText(path, File.ReadAllText(path).Replace("Status: Proposed", "Status: Accepted", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

        var result = repo.Check(CheckNames.DoubleHarvest);

        Assert.Contains("decisions-inbox.md: \"- 2026-11-18 11:00 [lead] Use PostgreSQL", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SameTitleDifferentDecision_IsNotADoubleHarvest()
    {
        using var repo = new CheckRepository();
        HarvestKeepingBuffers(repo, new DateOnly(2026, 11, 21));
        repo.WriteBank("patterns-buffer.md", "# Patterns buffer\n\n");
        repo.WriteBank("lessons-buffer.md", "# Lessons buffer\n\n");
        repo.WriteBank("decisions-inbox.md", "# Decisions inbox\n\n- 2026-11-23 11:00 [lead] Use PostgreSQL for the event store\n  - Decision: move to PostgreSQL 17\n");

        Assert.Equal(CheckStatus.Pass, repo.Check(CheckNames.DoubleHarvest).Status);
    }
}
