using Markdig.Syntax;
using MemoryBank.Core.Config;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Tests.Harvest;

public class HarvestPlannerTests
{
    private const string PatternsTarget = "Docs/03-Reference/Patterns.md";
    private const string LessonsFile = "Docs/06-PostMortems/2026-11-21-lessons.md";
    private const string AdrFolder = "Docs/03-Reference/ADR";

    private static readonly string[] s_expectedDocuments =
    [
        PatternsTarget,
        LessonsFile,
        AdrFolder + "/ADR-008-use-union-merge-for-buffers-2.md",
        AdrFolder + "/ADR-009-creme-brulee-ship-adrs-in-aero-style-folders.md",
        AdrFolder + "/ADR-010-drop-the-weekly-tier.md",
    ];

    private static HarvestTestInput FixtureRepository(bool crlf = false)
    {
        string Shape(string text) => crlf ? HarvestTestInput.Crlf(text) : text;
        var input = new HarvestTestInput { Force = true };
        foreach (var name in new[] { "patterns-buffer.md", "lessons-buffer.md", "decisions-inbox.md" })
        {
            input.Buffers[name] = Shape(HarvestTestInput.Fixture(name));
        }

        input.Files[PatternsTarget] = Shape(HarvestTestInput.Fixture("Patterns-existing.md"));
        input.Files[AdrFolder + "/ADR-001-a.md"] = "# ADR-001: A\n";
        input.Files[AdrFolder + "/adr-0004-b.md"] = "# ADR-0004: B\n";
        input.Files[AdrFolder + "/0007-use-union-merge-for-buffers.md"] = "# 7. Use union merge for buffers\n";
        return input;
    }

    private static string Buffer(params string[] entries) =>
        "# Buffer\n\nPreamble line.\n\n" + string.Concat(entries.Select(e => e + "\n"));

    private static string Expected(string path) => HarvestTestInput.Fixture("expected/" + path[(path.LastIndexOf('/') + 1)..]);

    [Fact]
    public void Plan_FixtureBuffersForced_WritesExpectedDocuments()
    {
        var plan = FixtureRepository().Plan();

        Assert.Equal(s_expectedDocuments, plan.DocTexts.Keys);
        foreach (var path in s_expectedDocuments)
        {
            Assert.Equal(Expected(path), plan.DocTexts[path]);
        }
    }

    [Fact]
    public void Plan_CrlfBuffersAndTargets_WritesCrlfDocuments()
    {
        var plan = FixtureRepository(crlf: true).Plan();

        foreach (var path in s_expectedDocuments)
        {
            Assert.Equal(HarvestTestInput.Crlf(Expected(path)), plan.DocTexts[path]);
        }

        Assert.All(plan.BufferTexts.Values.Concat(plan.DocTexts.Values), text => Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_LfBufferAndCrlfTarget_UsesTheTargetsLineEnding()
    {
        var input = new HarvestTestInput { Force = true };
        input.Buffers["patterns-buffer.md"] = Buffer("- 2026-11-21 09:00 [dev] one", "  nested");
        input.Files[PatternsTarget] = "# Patterns\r\n\r\nIntro.\r\n";

        var text = input.Plan().DocTexts[PatternsTarget];

        Assert.Equal("# Patterns\r\n\r\nIntro.\r\n\r\n## Harvested 2026-11-21\r\n\r\n- 2026-11-21 09:00 [dev] one\r\n  nested\r\n", text);
    }

    [Fact]
    public void Plan_FixtureBuffersForced_EmptiesBuffersKeepingPreambles()
    {
        var input = FixtureRepository();
        var plan = input.Plan();

        foreach (var (name, text) in input.Buffers)
        {
            Assert.Equal(DocumentParser.Parse(text).Preamble, plan.BufferTexts[name]);
        }
    }

    [Fact]
    public void Plan_FixtureBuffersForced_ReportsItemsAndSummary()
    {
        var plan = FixtureRepository().Plan();

        Assert.False(plan.IsEmpty);
        Assert.Equal(8, plan.Items.Count);
        var decision = plan.Items[6];
        Assert.Equal("decisions-inbox.md", decision.SourceFile);
        Assert.Equal(HarvestKind.Decisions, decision.Kind);
        Assert.Equal(9, decision.AdrNumber);
        Assert.Equal(AdrFolder + "/ADR-009-creme-brulee-ship-adrs-in-aero-style-folders.md", decision.TargetFile);
        Assert.Equal("Crème brûlée: ship ADRs in Ærø-style folders", decision.Title);
        Assert.Equal("architect", decision.Persona);
        Assert.Equal(new DateOnly(2026, 11, 20), decision.Date);
        Assert.Equal(DocumentParser.Parse(HarvestTestInput.Fixture("decisions-inbox.md")).Entries[1].Text, decision.Entry);
        Assert.All(plan.Items.Take(5), item => Assert.Null(item.AdrNumber));
        Assert.Equal(
            "Harvested 8 entries: 3 from patterns-buffer.md to Docs/03-Reference/Patterns.md; 2 from lessons-buffer.md to Docs/06-PostMortems/2026-11-21-lessons.md; "
            + "3 from decisions-inbox.md to Docs/03-Reference/ADR/ADR-008-use-union-merge-for-buffers-2.md, Docs/03-Reference/ADR/ADR-009-creme-brulee-ship-adrs-in-aero-style-folders.md, Docs/03-Reference/ADR/ADR-010-drop-the-weekly-tier.md",
            plan.SessionLogSummary);
    }

    // Lines: 1 + 2 + 1 non-blank lines (the blank line and the preamble do not count); items: 3 entries.
    [Theory]
    [InlineData(HarvestUnit.Lines, 3, false, true)]
    [InlineData(HarvestUnit.Lines, 4, false, true)]
    [InlineData(HarvestUnit.Lines, 5, false, false)]
    [InlineData(HarvestUnit.Lines, 5, true, true)]
    [InlineData(HarvestUnit.Items, 2, false, true)]
    [InlineData(HarvestUnit.Items, 3, false, true)]
    [InlineData(HarvestUnit.Items, 4, false, false)]
    [InlineData(HarvestUnit.Items, 4, true, true)]
    public void Plan_CountAgainstThreshold_HarvestsAtOrOverOrForced(HarvestUnit unit, int threshold, bool force, bool harvested)
    {
        var input = new HarvestTestInput { Force = force };
        input.Config = HarvestTestInput.ConfigWith(new FilePolicy("b.md", MergeStrategyKind.Union, SyncTier.Daily, new HarvestPolicy(threshold, unit, "Docs/P.md", HarvestKind.Patterns)));
        input.Buffers["b.md"] = "# Buffer\n\nA preamble of\nseveral lines\nthat never counts.\n\n- 2026-11-21 09:00 [a] one\n- 2026-11-21 09:01 [a] two\n\n  nested\n- 2026-11-21 09:02 [a] three\n";

        var plan = input.Plan();

        Assert.Equal(harvested, !plan.IsEmpty);
        Assert.Equal(harvested ? 3 : 0, plan.Items.Count);
        var count = unit == HarvestUnit.Lines ? 4 : 3;
        var measure = $"b.md {count}/{threshold} {(unit == HarvestUnit.Lines ? "lines" : "items")}";
        if (!harvested)
        {
            Assert.Equal([measure + ", below threshold (use --force)"], plan.Notes);
            Assert.Empty(plan.BufferTexts);
            Assert.Empty(plan.DocTexts);
            Assert.Equal("Nothing harvested.", plan.SessionLogSummary);
        }
        else if (count < threshold)
        {
            Assert.Equal([measure + ", below threshold, harvested because of --force"], plan.Notes);
        }
        else
        {
            Assert.Empty(plan.Notes);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Plan_EmptyBuffers_ChangeNothing(bool force)
    {
        var input = new HarvestTestInput { Force = force };
        input.Buffers["patterns-buffer.md"] = "# Patterns buffer\n\nOnly a preamble.\n";
        input.Buffers["lessons-buffer.md"] = string.Empty;

        var plan = input.Plan();

        Assert.True(plan.IsEmpty);
        Assert.Empty(plan.BufferTexts);
        Assert.Empty(plan.DocTexts);
        Assert.Equal(["patterns-buffer.md has no entries, nothing to harvest", "lessons-buffer.md has no entries, nothing to harvest"], plan.Notes);
    }

    [Fact]
    public void Plan_BufferNotInInput_IsSkipped()
    {
        var input = new HarvestTestInput { Force = true };
        input.Buffers["notes.md"] = Buffer("- 2026-11-21 09:00 [a] not a buffer with a harvest rule");

        var plan = input.Plan();

        Assert.True(plan.IsEmpty);
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Plan_MissingTargets_CreatesDocumentsWithHeaders()
    {
        var input = new HarvestTestInput { Force = true };
        input.Buffers["patterns-buffer.md"] = Buffer("- 2026-11-21 09:00 [dev] a pattern");
        input.Buffers["lessons-buffer.md"] = Buffer("- 2026-11-21 09:00 [dev] a lesson");
        input.Buffers["decisions-inbox.md"] = Buffer("- 2026-11-21 09:00 [dev] A decision");

        var plan = input.Plan();

        Assert.Equal(
            "# Patterns\n\nReusable patterns harvested from the memory bank by Invoke-MemoryHarvest, under one heading per harvest date.\n\n## Harvested 2026-11-21\n\n- 2026-11-21 09:00 [dev] a pattern\n",
            plan.DocTexts[PatternsTarget]);
        Assert.Equal(
            "# Lessons learned 2026-11-21\n\nHarvested from the memory bank by Invoke-MemoryHarvest: one section per lesson.\n\n## a lesson\n\n- Date: 2026-11-21 09:00 · Persona: dev\n",
            plan.DocTexts[LessonsFile]);
        Assert.StartsWith("# ADR-001: A decision\n", plan.DocTexts[AdrFolder + "/ADR-001-a-decision.md"], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AdrFolderWithGapsAndMixedNaming_NumbersAfterTheHighest()
    {
        var input = new HarvestTestInput { Force = true };
        input.Buffers["decisions-inbox.md"] = Buffer("- 2026-11-21 09:00 [lead] First", "- 2026-11-21 09:01 [lead] Second");
        foreach (var name in new[] { "ADR-001-a.md", "adr-0004-b.md", "0007-c.md", "README.md", "template.md", "2026-01-05-notes.md" })
        {
            input.Files[AdrFolder + "/" + name] = "x\n";
        }

        var plan = input.Plan();

        Assert.Equal([8, 9], plan.Items.Select(i => i.AdrNumber!.Value));
        Assert.Equal([AdrFolder + "/ADR-008-first.md", AdrFolder + "/ADR-009-second.md"], plan.DocTexts.Keys);
    }

    [Fact]
    public void Plan_AdrNumberPast999_UsesMoreDigits()
    {
        var input = new HarvestTestInput { Force = true };
        input.Buffers["decisions-inbox.md"] = Buffer("- 2026-11-21 09:00 [lead] Next one");
        input.Files[AdrFolder + "/ADR-999-last-short.md"] = "x\n";

        var plan = input.Plan();

        var path = AdrFolder + "/ADR-1000-next-one.md";
        Assert.StartsWith("# ADR-1000: Next one\n", plan.DocTexts[path], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TitleCollidesWithExistingAdrSlugs_AddsTheNextFreeSuffix()
    {
        var input = new HarvestTestInput { Force = true };
        input.Buffers["decisions-inbox.md"] = Buffer("- 2026-11-21 09:00 [lead] Use Postgres", "- 2026-11-21 09:01 [lead] Use postgres!");
        input.Files[AdrFolder + "/ADR-003-use-postgres.md"] = "x\n";
        input.Files[AdrFolder + "/0005-Use-Postgres-2.md"] = "x\n";

        var plan = input.Plan();

        Assert.Equal([AdrFolder + "/ADR-006-use-postgres-3.md", AdrFolder + "/ADR-007-use-postgres-4.md"], plan.DocTexts.Keys);
    }

    [Fact]
    public void Plan_ConfirmDecisionFalse_KeepsThatDecisionInTheInbox()
    {
        var input = new HarvestTestInput { Force = true };
        var asked = new List<HarvestItem>();
        input.Confirm = item =>
        {
            asked.Add(item);
            return item.Title != "Second";
        };
        var inbox = Buffer("- 2026-11-21 09:00 [lead] First", "- 2026-11-21 09:01 [lead] Second\n  Context: not yet", "- 2026-11-21 09:02 [lead] Third");
        input.Buffers["decisions-inbox.md"] = inbox;

        var plan = input.Plan();

        Assert.Equal([1, 2, 2], asked.Select(i => i.AdrNumber!.Value));
        Assert.Equal(AdrFolder + "/ADR-002-second.md", asked[1].TargetFile);
        Assert.Equal(["First", "Third"], plan.Items.Select(i => i.Title));
        Assert.Equal([AdrFolder + "/ADR-001-first.md", AdrFolder + "/ADR-002-third.md"], plan.DocTexts.Keys);
        var entries = DocumentParser.Parse(inbox).Entries;
        Assert.Equal(DocumentParser.Parse(inbox).Preamble + entries[1].Text, plan.BufferTexts["decisions-inbox.md"]);
        Assert.Equal(["decisions-inbox.md 3/5 items, below threshold, harvested because of --force", "decisions-inbox.md: decision \"Second\" not confirmed, it stays in the inbox"], plan.Notes);
    }

    [Fact]
    public void Plan_EveryDecisionDeclined_IsEmptyAndChangesNothing()
    {
        var input = new HarvestTestInput { Force = true, Confirm = _ => false };
        input.Buffers["decisions-inbox.md"] = Buffer("- 2026-11-21 09:00 [lead] First");

        var plan = input.Plan();

        Assert.True(plan.IsEmpty);
        Assert.Empty(plan.BufferTexts);
        Assert.Empty(plan.DocTexts);
    }

    [Fact]
    public void Plan_BufferPreambleAndKeptEntries_StayByteForByte()
    {
        // A BOM, a stamp comment, CRLF and trailing white space in the preamble; a kept entry without a final newline.
        var preamble = "\uFEFF<!-- stamp: 2026-11-20T10:00:00Z dev -->\r\n# Decisions inbox  \r\n\r\nText\twith tab.\r\n\r\n";
        var kept = "- 2026-11-21 09:01 [lead] Keep me  \r\n  Context: trailing spaces stay   ";
        var inbox = preamble + "- 2026-11-21 09:00 [lead] Harvest me\r\n" + kept;
        var input = new HarvestTestInput { Force = true, Confirm = item => item.Title == "Harvest me" };
        input.Buffers["decisions-inbox.md"] = inbox;

        var plan = input.Plan();

        Assert.Equal(preamble + kept, plan.BufferTexts["decisions-inbox.md"]);
        Assert.EndsWith("\r\n", plan.DocTexts[AdrFolder + "/ADR-001-harvest-me.md"], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SecondPatternsHarvestSameDay_AppendsUnderTheSameHeading()
    {
        var input = new HarvestTestInput { Force = true };
        input.Buffers["patterns-buffer.md"] = Buffer("- 2026-11-21 09:00 [dev] first");
        input.Apply(input.Plan());
        input.Buffers["patterns-buffer.md"] += "- 2026-11-21 15:00 [dev] second\n  nested\n";

        var text = input.Plan().DocTexts[PatternsTarget];

        Assert.EndsWith("## Harvested 2026-11-21\n\n- 2026-11-21 09:00 [dev] first\n- 2026-11-21 15:00 [dev] second\n  nested\n", text, StringComparison.Ordinal);
        Assert.Single(HeadingTexts(text), h => h == "Harvested 2026-11-21");
    }

    [Fact]
    public void Plan_SecondPatternsHarvestSameDayWithSectionAfter_InsertsBeforeTheNextHeading()
    {
        var existing = HarvestTestInput.Fixture("Patterns-existing.md").Replace("2026-11-14", "2026-11-21", StringComparison.Ordinal);
        var input = new HarvestTestInput { Force = true };
        input.Files[PatternsTarget] = existing;
        input.Buffers["patterns-buffer.md"] = Buffer("- 2026-11-21 15:00 [dev] second");

        var text = input.Plan().DocTexts[PatternsTarget];

        var seeAlso = existing.IndexOf("## See also", StringComparison.Ordinal);
        Assert.Equal(existing[..seeAlso] + "- 2026-11-21 15:00 [dev] second\n\n" + existing[seeAlso..], text);
    }

    [Fact]
    public void Plan_PatternsHarvestOnANewDay_AddsAHeadingAfterTheLastHarvestSection()
    {
        var existing = HarvestTestInput.Fixture("Patterns-existing.md");
        var input = new HarvestTestInput { Force = true };
        input.Files[PatternsTarget] = existing;
        input.Buffers["patterns-buffer.md"] = Buffer("- 2026-11-21 15:00 [dev] new day");

        var text = input.Plan().DocTexts[PatternsTarget];

        var seeAlso = existing.IndexOf("## See also", StringComparison.Ordinal);
        Assert.Equal(existing[..seeAlso] + "## Harvested 2026-11-21\n\n- 2026-11-21 15:00 [dev] new day\n\n" + existing[seeAlso..], text);
        Assert.Equal(["Patterns", "Harvested 2026-11-14", "Harvested 2026-11-21", "See also"], HeadingTexts(text));
    }

    [Fact]
    public void Plan_SecondLessonsHarvestSameDay_AppendsToTheSameFile()
    {
        var input = new HarvestTestInput { Force = true };
        input.Buffers["lessons-buffer.md"] = Buffer("- 2026-11-21 09:00 [qa] first lesson\n  why it mattered");
        input.Apply(input.Plan());
        input.Buffers["lessons-buffer.md"] += "- 2026-11-21 16:00 [qa] second lesson\n";

        var plan = input.Plan();

        Assert.Equal([LessonsFile], plan.DocTexts.Keys);
        Assert.Equal(
            "# Lessons learned 2026-11-21\n\nHarvested from the memory bank by Invoke-MemoryHarvest: one section per lesson.\n\n"
            + "## first lesson\n\n- Date: 2026-11-21 09:00 · Persona: qa\n\nwhy it mattered\n\n"
            + "## second lesson\n\n- Date: 2026-11-21 16:00 · Persona: qa\n",
            plan.DocTexts[LessonsFile]);
    }

    [Fact]
    public void Plan_TwoBuffersWithOneTarget_ShareOneSection()
    {
        var input = new HarvestTestInput { Force = true };
        var rule = new HarvestPolicy(20, HarvestUnit.Lines, PatternsTarget, HarvestKind.Patterns);
        input.Config = HarvestTestInput.ConfigWith(
            new FilePolicy("a.md", MergeStrategyKind.Union, SyncTier.Daily, rule),
            new FilePolicy("b.md", MergeStrategyKind.Union, SyncTier.Daily, rule));
        input.Buffers["a.md"] = Buffer("- 2026-11-21 09:00 [dev] from a");
        input.Buffers["b.md"] = Buffer("- 2026-11-21 09:00 [dev] from b");

        var text = input.Plan().DocTexts[PatternsTarget];

        Assert.EndsWith("## Harvested 2026-11-21\n\n- 2026-11-21 09:00 [dev] from a\n- 2026-11-21 09:00 [dev] from b\n", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> UnfinishedTargets => new()
    {
        { "no final newline", "# Doc\n\nLast paragraph" },
        { "open list", "# Doc\n\n- one\n- two\n" },
        { "open list without newline", "# Doc\n\n- one\n- two" },
        { "list item with lazy text", "# Doc\n\n- one\ncontinued lazily" },
        { "unclosed backtick fence", "# Doc\n\n```csharp\nvar x = 1;\n" },
        { "unclosed fence without newline", "# Doc\n\n```\ncode" },
        { "unclosed long tilde fence", "# Doc\n\n~~~~~\n~~~\nstill code\n" },
        { "unclosed indented fence", "# Doc\n\n   ```\n   code\n" },
        { "unclosed fence in a list item", "# Doc\n\n- item\n  ```\n  code\n" },
        { "unclosed HTML comment", "# Doc\n\n<!-- a note\nstill the note\n" },
        { "unclosed pre block", "# Doc\n\n<pre>\npreformatted\n" },
        { "div block without blank line", "# Doc\n\n<div>\ntext" },
        { "table without newline", "# Doc\n\n| a | b |\n| - | - |\n| 1 | 2 |" },
        { "block quote", "# Doc\n\n> quoted\n> text" },
        { "CRLF unclosed fence", "# Doc\r\n\r\n```\r\ncode\r\n" },
        { "only white space", "   " },
        { "BOM and no final newline", "\uFEFF# Doc\n\ntext" },
    };

    [Theory]
    [MemberData(nameof(UnfinishedTargets))]
    public void Plan_PatternsTargetEndingUnfinished_AppendsARealSection(string shape, string existing)
    {
        var input = new HarvestTestInput { Force = true };
        input.Files[PatternsTarget] = existing;
        input.Buffers["patterns-buffer.md"] = Buffer("- 2026-11-21 09:00 [dev] first", "- 2026-11-21 09:01 [dev] second");

        var text = input.Plan().DocTexts[PatternsTarget];

        Assert.True(text.StartsWith(existing, StringComparison.Ordinal), shape);
        var document = MarkdownOutline.Parse(text).Document;
        var heading = Assert.Single(document.OfType<HeadingBlock>(), h => h.Level == 2);
        var list = Assert.IsType<ListBlock>(document.LastChild);
        Assert.Equal(2, list.Count);
        Assert.Same(heading, document[document.IndexOf(list) - 1]);
    }

    [Theory]
    [MemberData(nameof(UnfinishedTargets))]
    public void Plan_LessonsFileEndingUnfinished_AppendsRealSections(string shape, string existing)
    {
        var input = new HarvestTestInput { Force = true };
        input.Files[LessonsFile] = existing;
        input.Buffers["lessons-buffer.md"] = Buffer("- 2026-11-21 09:00 [qa] first lesson\n  ```\n  unclosed in the entry", "- 2026-11-21 09:01 [qa] second lesson");

        var text = input.Plan().DocTexts[LessonsFile];

        Assert.True(text.StartsWith(existing, StringComparison.Ordinal), shape);
        Assert.Equal(["first lesson", "second lesson"], HeadingTexts(text).Where(h => h.EndsWith("lesson", StringComparison.Ordinal)));
    }

    [Fact]
    public void Plan_EntriesWithFencesListsAndTables_KeepThemIntactInEveryKind()
    {
        var body = "  ```sh\n  - not a list: code\n  Decision: not a label\n  ```\n  - nested\n    - deeper\n\n  | a | b |\n  | - | - |\n  | 1 | 2 |";
        var input = new HarvestTestInput { Force = true };
        input.Buffers["patterns-buffer.md"] = Buffer("- 2026-11-21 09:00 [dev] pattern\n" + body);
        input.Buffers["lessons-buffer.md"] = Buffer("- 2026-11-21 09:00 [dev] lesson\n" + body);
        input.Buffers["decisions-inbox.md"] = Buffer("- 2026-11-21 09:00 [dev] decision\n" + body);

        var plan = input.Plan();

        var dedented = string.Join('\n', body.Split('\n').Select(l => l.Length >= 2 ? l[2..] : l));
        Assert.Contains("- 2026-11-21 09:00 [dev] pattern\n" + body + "\n", plan.DocTexts[PatternsTarget], StringComparison.Ordinal);
        Assert.Contains(dedented + "\n", plan.DocTexts[LessonsFile], StringComparison.Ordinal);
        Assert.Contains("## Decision\n\n" + dedented + "\n\n## Consequences", plan.DocTexts[AdrFolder + "/ADR-001-decision.md"], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EntryWithoutPrefix_DatesTheAdrToday()
    {
        var input = new HarvestTestInput { Force = true };
        input.Buffers["decisions-inbox.md"] = Buffer("- Adopt trunk-based development");

        var plan = input.Plan();

        var item = Assert.Single(plan.Items);
        Assert.Null(item.Date);
        Assert.Null(item.Persona);
        Assert.Contains("Date: 2026-11-21\n\nDeciders: unknown\n", plan.DocTexts[AdrFolder + "/ADR-001-adopt-trunk-based-development.md"], StringComparison.Ordinal);
    }

    private static List<string> HeadingTexts(string text)
    {
        var outline = MarkdownOutline.Parse(text);
        return outline.Document.OfType<HeadingBlock>()
            .Select(h => HeadingText.Content(text[outline.StartOf(h)..].Split('\n')[0].TrimEnd('\r')))
            .ToList();
    }
}
