using System.Text;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Tests;

public class DocumentParserTests
{
    private static readonly string[] s_fixtureNames =
    [
        "session-log.md",
        "decisions.md",
        "setext.md",
        "deep-headings.md",
        "level-one-sections.md",
        "plain.md",
        "front-matter.md",
    ];

    public static TheoryData<string, string> FixturesAndVariants
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var name in s_fixtureNames)
            {
                foreach (var variant in new[] { "lf", "crlf", "cr", "mixed", "bom", "bom-crlf", "no-final-newline", "crlf-no-final-newline" })
                {
                    data.Add(name, variant);
                }
            }

            return data;
        }
    }

    private static string Fixture(string name) =>
        BankText.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Markdown", name));

    // The fixtures are stored with LF endings; the other shapes are derived here so that no checkout
    // setting can change the bytes under test.
    private static string Variant(string lfText, string variant)
    {
        var lines = lfText.Split('\n');
        return variant switch
        {
            "lf" => lfText,
            "crlf" => lfText.Replace("\n", "\r\n", StringComparison.Ordinal),
            "cr" => lfText.Replace('\n', '\r'),
            "mixed" => string.Concat(lines.Select((line, i) => i == lines.Length - 1 ? line : line + (i % 2 == 0 ? "\r\n" : "\n"))),
            "bom" => "\uFEFF" + lfText,
            "bom-crlf" => "\uFEFF" + lfText.Replace("\n", "\r\n", StringComparison.Ordinal),
            "no-final-newline" => lfText.TrimEnd('\n'),
            "crlf-no-final-newline" => lfText.TrimEnd('\n').Replace("\n", "\r\n", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };
    }

    [Theory]
    [MemberData(nameof(FixturesAndVariants))]
    public void Parse_FixtureInAnyLineEndingShape_RoundTripsByteForByte(string name, string variant)
    {
        var text = Variant(Fixture(name), variant);

        var document = DocumentParser.Parse(text);

        Assert.Equal(text, document.ToText());
        Assert.Equal(text, document.Preamble + string.Concat(document.Entries.Select(e => e.Text)));
    }

    [Theory]
    [MemberData(nameof(FixturesAndVariants))]
    public void Parse_FixtureInAnyLineEndingShape_FindsTheSameEntriesAsLf(string name, string variant)
    {
        var lf = DocumentParser.Parse(Fixture(name));

        var document = DocumentParser.Parse(Variant(Fixture(name), variant));

        Assert.Equal(lf.EntryKind, document.EntryKind);
        Assert.Equal(lf.EntryHeadingLevel, document.EntryHeadingLevel);
        Assert.Equal(lf.Entries.Select(e => e.Key), document.Entries.Select(e => e.Key));
        Assert.Equal(EntryKey.Of(lf.Preamble), EntryKey.Of(document.Preamble));
        Assert.All(document.Entries, e => Assert.DoesNotContain('\uFEFF', e.Text));
    }

    [Theory]
    [InlineData("session-log.md", EntryKind.ListItem, 0, "- 2026-11-20 09:12 [dev] Fixed the build|- 2026-11-20T10:30:00Z [qa] Ran the suite|- 2026-11-21 [dev] Wrote the release notes|* 2026-11-21T16:45+01:00 [pm] Different bullet, still an entry|- no date on this one")]
    [InlineData("decisions.md", EntryKind.Section, 2, "## 2026-11-18 dev: Use Markdig|## 2026-11-19 qa: Property tests|## 2026-11-20 dev: Union merge")]
    [InlineData("setext.md", EntryKind.Section, 2, "2026-11-20 Goals|2026-11-21 Non-goals")]
    [InlineData("deep-headings.md", EntryKind.Section, 3, "### 2026-11-20 first|### 2026-11-21 second")]
    [InlineData("level-one-sections.md", EntryKind.Section, 1, "# 2026-11-20 first|# 2026-11-21 second")]
    [InlineData("front-matter.md", EntryKind.ListItem, 0, "- 2026-11-20 done: parser|- 2026-11-21 done: merge")]
    public void Parse_Fixture_FindsEntriesAtTheFileLevel(string name, EntryKind kind, int level, string firstLines)
    {
        var document = DocumentParser.Parse(Fixture(name));

        Assert.Equal(kind, document.EntryKind);
        Assert.Equal(level, document.EntryHeadingLevel);
        Assert.Equal(firstLines.Split('|'), document.Entries.Select(e => e.FirstLine));
        Assert.All(document.Entries, e => Assert.Equal(kind, e.Kind));
    }

    [Fact]
    public void Parse_FileWithoutListsOrSections_IsAllPreamble()
    {
        var text = Fixture("plain.md");

        var document = DocumentParser.Parse(text);

        Assert.Null(document.EntryKind);
        Assert.Equal(0, document.EntryHeadingLevel);
        Assert.Empty(document.Entries);
        Assert.Equal(text, document.Preamble);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("  \t\n \n")]
    [InlineData("\uFEFF")]
    [InlineData("\uFEFF\r\n")]
    public void Parse_EmptyOrWhitespaceText_IsAllPreamble(string text)
    {
        var document = DocumentParser.Parse(text);

        Assert.Equal(text, document.Preamble);
        Assert.Empty(document.Entries);
        Assert.Null(document.EntryKind);
    }

    [Fact]
    public void Parse_SessionLog_NestedContentStaysInItsItem()
    {
        var entries = DocumentParser.Parse(Fixture("session-log.md")).Entries;

        Assert.Equal("- 2026-11-20 09:12 [dev] Fixed the build\n  - restored the lock file\n  - tests green\n", entries[0].Text);
        Assert.Contains("  - not an entry\n  ## not a heading\n", entries[1].Text, StringComparison.Ordinal);
        Assert.EndsWith("  ```\n\n", entries[1].Text, StringComparison.Ordinal);
        Assert.Equal(
            "- 2026-11-21 [dev] Wrote the release notes\n  1. drafted\n  2. reviewed\n\nA stray paragraph after a list item belongs to that item.\n\n",
            entries[2].Text);
    }

    [Fact]
    public void Parse_SectionFile_ListsBeforeTheFirstHeadingArePreamble()
    {
        var document = DocumentParser.Parse(Fixture("decisions.md"));

        Assert.Equal("# Decision log\n\nDecisions, newest last. Format:\n\n- a heading per decision\n- a short rationale\n\n", document.Preamble);
    }

    [Fact]
    public void Parse_SectionFile_DeeperHeadingsTablesAndFencesStayInTheirSection()
    {
        var entries = DocumentParser.Parse(Fixture("decisions.md")).Entries;

        Assert.Contains("### Why not Markdig.Signed", entries[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("| regex | no |\n\n", entries[0].Text, StringComparison.Ordinal);
        Assert.Contains("// ## not a heading\n- not a list item\n", entries[1].Text, StringComparison.Ordinal);
        Assert.Contains("    - deepest\n", entries[1].Text, StringComparison.Ordinal);
        Assert.Equal("## 2026-11-20 dev: Union merge\n\n#### A deeper heading stays inside\nBody.\n", entries[2].Text);
    }

    [Fact]
    public void Parse_SetextHeadings_EntryStartsAtTheHeadingTextNotItsUnderline()
    {
        var document = DocumentParser.Parse(Fixture("setext.md"));

        Assert.Equal("Project brief\n=============\n\nIntro paragraph.\n\n", document.Preamble);
        Assert.Equal("2026-11-20 Goals\n----------------\n\nShip it.\n\n", document.Entries[0].Text);
    }

    [Fact]
    public void Parse_MultiLineSetextHeading_EntryStartsAtItsFirstLine()
    {
        var document = DocumentParser.Parse("# T\n\nintro\n\nfirst line\nsecond line\n---\nbody\n");

        Assert.Equal("# T\n\nintro\n\n", document.Preamble);
        Assert.Equal("first line\nsecond line\n---\nbody\n", Assert.Single(document.Entries).Text);
    }

    [Fact]
    public void Parse_StampCommentBeforeTitle_TitleIsStillPreamble()
    {
        var document = DocumentParser.Parse("<!-- memory-bank: updated=2026-11-21T14:03:11Z by=dev -->\n# Log\n\n- 2026-11-21 a\n");

        Assert.Equal(EntryKind.ListItem, document.EntryKind);
        Assert.Equal("<!-- memory-bank: updated=2026-11-21T14:03:11Z by=dev -->\n# Log\n\n", document.Preamble);
    }

    [Fact]
    public void Parse_HeadingThatIsNotFirst_IsAnEntryEvenAtLevelOne()
    {
        var document = DocumentParser.Parse("intro\n\n# A\n\n- x\n\n# B\n");

        Assert.Equal(EntryKind.Section, document.EntryKind);
        Assert.Equal(1, document.EntryHeadingLevel);
        Assert.Equal(new[] { "# A\n\n- x\n\n", "# B\n" }, document.Entries.Select(e => e.Text));
    }

    [Fact]
    public void Parse_Bom_StaysInThePreambleEvenWhenAnEntryStartsTheFile()
    {
        var document = DocumentParser.Parse("\uFEFF- 2026-11-20 a\r\n- b");

        Assert.Equal("\uFEFF", document.Preamble);
        Assert.Equal(new[] { "- 2026-11-20 a\r\n", "- b" }, document.Entries.Select(e => e.Text));
    }

    [Fact]
    public void Parse_CrLfSections_EntriesKeepTheirCrLfAndBlankLines()
    {
        var document = DocumentParser.Parse("# T\r\n\r\n## 2026-11-20 a\r\nbody\r\n\r\n## 2026-11-21 b\r\n```\r\n## x\r\n```\r\n");

        Assert.Equal("# T\r\n\r\n", document.Preamble);
        Assert.Equal(new[] { "## 2026-11-20 a\r\nbody\r\n\r\n", "## 2026-11-21 b\r\n```\r\n## x\r\n```\r\n" }, document.Entries.Select(e => e.Text));
    }

    [Fact]
    public void Parse_IndentedListItems_CutAtTheStartOfTheLine()
    {
        var document = DocumentParser.Parse("intro\n\n - a\n   - nested\n - b\n");

        Assert.Equal(new[] { " - a\n   - nested\n", " - b\n" }, document.Entries.Select(e => e.Text));
    }

    [Fact]
    public void Parse_UnclosedFence_RunsToTheEndInsideItsEntry()
    {
        var document = DocumentParser.Parse("- a\n- b\n\n```\n- c\n## d\n");

        Assert.Equal(new[] { "- a\n", "- b\n\n```\n- c\n## d\n" }, document.Entries.Select(e => e.Text));
    }

    [Theory]
    [InlineData("session-log.md", "lf", "- 2026-11-22 [dev] appended\n  - with a sub item\n")]
    [InlineData("session-log.md", "crlf", "- 2026-11-22 [dev] appended\r\n")]
    [InlineData("session-log.md", "bom", "\nA paragraph that joins the last entry.\n")]
    [InlineData("session-log.md", "lf", "## A heading turns the list file into a section file\n")]
    [InlineData("decisions.md", "lf", "\n## 2026-11-21 pm: Appended section\n\nBody.\n")]
    [InlineData("decisions.md", "crlf", "\r\n# 2026-11-21 A shallower heading changes the level\r\n")]
    [InlineData("decisions.md", "lf", "- a list item continues the last section\n")]
    [InlineData("setext.md", "lf", "\n2026-11-22 Later\n---\n\nMore.\n")]
    [InlineData("deep-headings.md", "lf", "\n## 2026-11-22 shallower\n")]
    [InlineData("plain.md", "lf", "- now a list file\n")]
    public void ParseReusing_TextExtendsAKnownText_ReadsExactlyAsParse(string name, string variant, string appended)
    {
        var known = Variant(Fixture(name), variant);
        var text = known + appended;

        var reusing = DocumentParser.ParseReusing(text, known, DocumentParser.Parse(known));

        AssertSameDocument(DocumentParser.Parse(text), reusing);
        Assert.Equal(text, reusing.ToText());
    }

    [Theory]
    [InlineData("2026-11-21 Non-goals\n--------------------", "2026-11-21 Non-goals\n====================")]
    [InlineData("- scope creep\n", "- scope creep\n- gold plating\n")]
    [InlineData("Intro paragraph.", "Intro paragraph, edited.")]
    [InlineData("2026-11-20 Goals\n", "Goals, undated\n")]
    public void ParseReusing_TextEditsAKnownText_ReadsExactlyAsParse(string before, string after)
    {
        var known = Fixture("setext.md");
        var text = known.Replace(before, after, StringComparison.Ordinal);
        Assert.NotEqual(known, text);

        var reusing = DocumentParser.ParseReusing(text, known, DocumentParser.Parse(known));

        AssertSameDocument(DocumentParser.Parse(text), reusing);
    }

    [Theory]
    [InlineData("<!-- memory-bank: updated=2026-11-21T14:03:11Z by=dev -->\n", "<!-- memory-bank: updated=2026-11-22T09:00:00Z by=qa -->\n")]
    [InlineData("\uFEFF<!-- memory-bank: updated=2026-11-21T14:03:11Z by=dev -->\r\n", "\uFEFF<!-- memory-bank: updated=2026-11-22T09:00:00Z by=qa -->\r\n")]
    [InlineData("", "<!-- memory-bank: updated=2026-11-22T09:00:00Z by=qa -->\n")]
    [InlineData("<!-- memory-bank: updated=2026-11-21T14:03:11Z by=dev -->\n", "")]
    [InlineData("<!-- a comment that goes on\n", "<!-- a comment that ends -->\n")]
    [InlineData("<!-- one -->\n", "<!-- two\n")]
    public void ParseReusing_FirstLineCommentChanged_ReadsExactlyAsParse(string knownHead, string textHead)
    {
        var body = "# Session log\n\n- 2026-11-20 a\n- 2026-11-21 b\n- 2026-11-22 c\n";
        var known = knownHead + body;
        var text = textHead + body + "- 2026-11-23 d\n";

        var reusing = DocumentParser.ParseReusing(text, known, DocumentParser.Parse(known));

        AssertSameDocument(DocumentParser.Parse(text), reusing);
        Assert.Equal(text, reusing.ToText());
    }

    [Theory]
    [MemberData(nameof(FixturesAndVariants))]
    public void FindLastEntry_Fixture_AgreesWithParseOrGivesUp(string name, string variant)
    {
        var text = Variant(Fixture(name), variant);

        if (DocumentParser.FindLastEntry(text) is { } last)
        {
            AssertLastEntry(text, last);
        }
    }

    [Theory]
    [InlineData("session-log.md", "  ```text\n  - not an entry\n  ## not a heading\n  ```\n", EntryKind.ListItem, 0)]
    [InlineData("decisions.md", "```csharp\n// ## not a heading\n- not a list item\n```\n", EntryKind.Section, 2)]
    [InlineData("level-one-sections.md", "", EntryKind.Section, 1)]
    public void FindLastEntry_FixtureWithoutFences_FindsTheLastEntry(string name, string fence, EntryKind kind, int level)
    {
        foreach (var variant in new[] { "lf", "crlf", "bom-crlf", "no-final-newline" })
        {
            var text = Variant(fence.Length == 0 ? Fixture(name) : Fixture(name).Replace(fence, string.Empty, StringComparison.Ordinal), variant);

            var last = DocumentParser.FindLastEntry(text);

            Assert.NotNull(last);
            Assert.Equal((kind, level), (last.Value.Kind, last.Value.Level));
            AssertLastEntry(text, last.Value);
        }
    }

    [Theory]
    [InlineData("# Log\n\n## a\n```\n## b\n")]
    [InlineData("# Log\n\n## a\n<!-- open\n## b\n")]
    [InlineData("# Log\n\n## a\n<div>\n## b\n")]
    [InlineData("# Log\n\n## a\ntext\n---\n")]
    [InlineData("---\ntitle: x\n---\n## a\n")]
    [InlineData("# Log\n\n- a\n  ## nested or not\n")]
    [InlineData("[ref]: /url\n# Title\n\n## a\n")]
    [InlineData("# Log\n\n- a\ntext\n2. b\n")]
    [InlineData("# Log\n\n1. a\n  - nested or top-level\n")]
    [InlineData("# Log\n\n-\n")]
    [InlineData("# Log\n\nNo entries at all.\n")]
    [InlineData("\f\n# Title\n\n## a\n")]
    public void FindLastEntry_ConstructTheScanCannotPlace_GivesUp(string text)
    {
        Assert.Null(DocumentParser.FindLastEntry(text));
    }

    [Theory]
    [InlineData("<!-- memory-bank: updated=2026-11-21T10:00:00Z by=dev -->\n# Log\n\n## a\n\n## b\nbody\n", 71)]
    [InlineData("# Log\n\n- a\n  - nested\n   detail\n- b\n  ```\n", -1)]
    [InlineData("# Log\n\n- a\n  - nested\n- b\n  detail\n", 22)]
    [InlineData("\uFEFF- a", 1)]
    [InlineData("# One\n# Two\n\n# Three\n", 13)]
    public void FindLastEntry_PlainText_StartsWhereParseCutsTheLastEntry(string text, int start)
    {
        var last = DocumentParser.FindLastEntry(text);

        if (start < 0)
        {
            Assert.Null(last);
            return;
        }

        Assert.NotNull(last);
        Assert.Equal(start, last.Value.Start);
        AssertLastEntry(text, last.Value);
    }

    /// <summary>
    /// Random texts from lines that Markdig reads in context-dependent ways (fences, HTML blocks, setext
    /// underlines, lazy continuations, indented and ordered items): whenever the scan answers, Parse agrees.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FindLastEntry_GeneratedTexts_AgreesWithParseWheneverItAnswers(int seed)
    {
        var random = new Random(seed);
        var answered = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = LineSoup(random, plain: i % 2 == 0);
            if (DocumentParser.FindLastEntry(text) is { } last)
            {
                answered++;
                AssertLastEntry(text, last);
            }
        }

        Assert.True(answered > 600, $"the scan answered only {answered} of 3000 texts");
    }

    /// <summary>
    /// Parse reads most files by the line scan and the rest through Markdig: on generated texts of lines that
    /// Markdig reads in context-dependent ways, and on every fixture, the two give the same document.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Parse_ByLineScan_GivesWhatMarkdigGives(int seed)
    {
        var random = new Random(seed);
        var texts = Enumerable.Range(0, 3000).Select(i => LineSoup(random, plain: i % 2 == 0))
            .Concat(s_fixtureNames.Select(name => Fixture(name)));
        var scannable = 0;
        foreach (var text in texts)
        {
            scannable += DocumentParser.FindLastEntry(text) is null ? 0 : 1;
            var scanned = DocumentParser.Parse(text, scanLines: true);
            var parsed = DocumentParser.Parse(text, scanLines: false);
            var escaped = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            Assert.True(
                scanned.Preamble == parsed.Preamble && scanned.EntryKind == parsed.EntryKind && scanned.EntryHeadingLevel == parsed.EntryHeadingLevel
                    && scanned.LineEnding == parsed.LineEnding && scanned.Entries.Select(e => e.Text).SequenceEqual(parsed.Entries.Select(e => e.Text)),
                $"seed {seed}: scan [{string.Join(" | ", scanned.Entries.Select(e => e.Text))}] ({scanned.EntryKind} {scanned.EntryHeadingLevel}), Markdig [{string.Join(" | ", parsed.Entries.Select(e => e.Text))}] ({parsed.EntryKind} {parsed.EntryHeadingLevel}) in {escaped}");
        }

        // The comparison means something only if the scan read a good share of the texts itself.
        Assert.True(scannable > 600, $"the line scan read only {scannable} texts");
    }

    /// <summary>
    /// The merge driver scans UTF-8 bytes instead of text: on the same generated texts, with multi-byte and
    /// non-ASCII white space mixed in, it answers exactly when the text scan does, with byte offsets.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FindLastEntry_Utf8Bytes_AgreesWithTheTextScan(int seed)
    {
        var random = new Random(seed);
        var widths = new[] { "é", "同期", "🔒", "\u00A0", "\u2003" };
        for (var i = 0; i < 3000; i++)
        {
            var text = LineSoup(random, plain: i % 2 == 0);
            var widened = new StringBuilder();
            foreach (var ch in text)
            {
                widened.Append(ch);
                if (ch is not ('\r' or '\n') && random.Next(12) == 0)
                {
                    widened.Append(widths[random.Next(widths.Length)]);
                }
            }

            text = random.Next(3) == 0 ? widened.ToString() : text;
            if (random.Next(6) == 0)
            {
                text = widths[random.Next(widths.Length)] + " " + text;
            }

            var bytes = BankText.Encode(text);
            var fromText = DocumentParser.FindLastEntry(text);
            var fromBytes = DocumentParser.FindLastEntry(bytes);
            var escaped = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            Assert.True(fromText.HasValue == fromBytes.HasValue, $"seed {seed}, text {i}: text scan {fromText}, byte scan {fromBytes} in {escaped}");
            if (fromText is { } last && fromBytes is { } lastBytes)
            {
                Assert.Equal(last with { Start = BankText.Encoding.GetByteCount(text.AsSpan(0, last.Start)) }, lastBytes);
            }
        }
    }

    [Fact]
    public void EntriesFrom_TheLastEntryOfAnExtendedText_ReadsAsParse()
    {
        var known = Fixture("level-one-sections.md");
        var text = known + "\n# 2026-11-22 third\n\nthree\n\n# 2026-11-23 fourth\n";
        var last = DocumentParser.FindLastEntry(known)!.Value;

        var part = DocumentParser.EntriesFrom(text, last.Start, last.Kind, last.Level);

        var whole = DocumentParser.Parse(text);
        Assert.NotNull(part);
        Assert.Equal(whole.Entries.Skip(whole.Entries.Count - 3), part.Entries);
        Assert.Equal(text.AsSpan(last.Start).Count("\n"), part.CrLfCount + part.OtherLineEndCount);
    }

    [Theory]
    [InlineData("# A shallower heading changes the level\n")]
    [InlineData("Not an entry start\n")]
    public void EntriesFrom_LayoutWouldChangeOrNoEntryStarts_IsNull(string appended)
    {
        var text = "# Log\n\n## 2026-11-20 a\n" + appended;

        Assert.Null(DocumentParser.EntriesFrom(text + "## 2026-11-21 b\n", appended.StartsWith('#') ? 8 : 23, EntryKind.Section, 2));
    }

    [Theory]
    [InlineData("## a\ntext\n", "## b\n", EntryKind.Section, 2, true)]
    [InlineData("## a\ntext\n", "### b\n", EntryKind.Section, 2, false)]
    [InlineData("## a\n```\ncode\n", "## b\n", EntryKind.Section, 2, false)]
    [InlineData("## a\n<!-- open\n", "## b\n", EntryKind.Section, 2, false)]
    [InlineData("## a\n<!-- closed -->\n", "## b\n", EntryKind.Section, 2, true)]
    [InlineData("- a\n  detail\n", "- b\n", EntryKind.ListItem, 0, true)]
    [InlineData("- a\n  detail\n", "2. b\n", EntryKind.ListItem, 0, false)]
    [InlineData("- a\n", "* * *\n", EntryKind.ListItem, 0, false)]
    [InlineData("- a", "- b\n", EntryKind.ListItem, 0, false)]
    public void StartsEntryAfter_Join_TrueOnlyWhenCertain(string previous, string next, EntryKind kind, int level, bool expected)
    {
        Assert.Equal(expected, DocumentParser.StartsEntryAfter(previous, next, kind, level));
        if (expected)
        {
            Assert.Contains(previous.Length, DocumentParser.EntryStarts(previous + next, kind, level));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StartsEntryAfter_GeneratedJoins_NeverClaimsAnEntryParseDoesNotFind(int seed)
    {
        var random = new Random(seed);
        var claimed = 0;
        for (var i = 0; i < 3000; i++)
        {
            var (kind, level) = random.Next(2) == 0 ? (EntryKind.Section, 2) : (EntryKind.ListItem, 0);
            var first = kind == EntryKind.Section ? "## a\n" : "- a\n";
            var previous = first + LineSoup(random, plain: i % 2 == 0).TrimStart('\uFEFF');
            if (!previous.EndsWith('\n'))
            {
                previous += "\n";
            }

            var firstLine = random.Next(2) == 0 ? (kind == EntryKind.Section ? "## b" : "- b") : s_soupLines[random.Next(s_soupLines.Length)];
            var next = firstLine + "\n" + LineSoup(random, plain: true).TrimStart('\uFEFF');
            if (DocumentParser.StartsEntryAfter(previous, next, kind, level))
            {
                claimed++;
                Assert.True(
                    DocumentParser.EntryStarts(previous + next, kind, level).Contains(previous.Length),
                    $"no entry starts after {previous.Length} chars in {(previous + next).Replace("\n", "\\n", StringComparison.Ordinal)}");
            }
        }

        Assert.True(claimed > 300, $"only {claimed} joins were claimed");
    }

    private static readonly string[] s_plainLines =
    [
        "# Title", "## Section", "### Deeper", "- item", "* item", "+ item", "1. one", "  - nested", "  detail",
        "paragraph text", "| a | b |", "", "", "", "<!-- memory-bank: updated=2026-11-21T10:00:00Z by=dev -->",
        "- [x] task", "> quote", "    code", "#NoSpace", "- - -", "***",
    ];

    private static readonly string[] s_soupLines =
    [
        .. s_plainLines,
        "####### seven", "  ## indented", "    ## indented code", "2. two", "1) paren", "10. ten", "-", "*",
        "   - nested three", "    - nested four", "\t- tab nested", "---", "===", "Title", "  continuation", "> ## quoted",
        "> - quoted item", "<!-- open", "-->", "<div>", "</div>", "```", "```bash", "~~~", "\tcode", "[ref]: /url",
        " # one space", "   # three", "\t# tab", "-\titem", "\f", "- <div>", "+", "#", "##",
    ];

    // A random text of lines; plain draws only lines whose reading does not depend on what came before.
    private static string LineSoup(Random random, bool plain)
    {
        var lines = plain ? s_plainLines : s_soupLines;
        var count = random.Next(0, 25);
        var newline = random.Next(4) switch { 0 => "\r\n", 1 => "\r", _ => "\n" };
        var text = string.Concat(Enumerable.Range(0, count).Select(_ => lines[random.Next(lines.Length)] + newline));
        if (random.Next(5) == 0)
        {
            text = text.TrimEnd('\r', '\n');
        }

        return random.Next(8) == 0 ? "\uFEFF" + text : text;
    }

    // The scan's answer is what Parse reads: layout, where the last entry starts, line endings before it.
    private static void AssertLastEntry(string text, DocumentParser.LastEntry last)
    {
        var document = DocumentParser.Parse(text);
        var escaped = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        Assert.True(document.Entries.Count > 0, $"no entries in {escaped}");
        Assert.True(
            (document.EntryKind, document.EntryHeadingLevel) == (last.Kind, last.Level),
            $"layout {document.EntryKind} {document.EntryHeadingLevel}, scan {last.Kind} {last.Level} in {escaped}");
        Assert.True(
            text.Length - document.Entries[^1].Text.Length == last.Start,
            $"last entry at {text.Length - document.Entries[^1].Text.Length}, scan {last.Start} in {escaped}");
        var head = text[..last.Start];
        var crlf = head.Split("\r\n").Length - 1;
        Assert.Equal(crlf, last.CrLfBefore);
        Assert.Equal(head.Count(c => c is '\r' or '\n') - (2 * crlf), last.OtherLineEndsBefore);
    }

    private static void AssertSameDocument(BankDocument expected, BankDocument actual)
    {
        Assert.Equal(expected.Preamble, actual.Preamble);
        Assert.Equal(expected.EntryKind, actual.EntryKind);
        Assert.Equal(expected.EntryHeadingLevel, actual.EntryHeadingLevel);
        Assert.Equal(expected.LineEnding, actual.LineEnding);
        Assert.Equal(expected.Entries, actual.Entries);
    }

    [Fact]
    public void Parse_ForcedSectionLayout_ReadsAHarvestedSectionFileAsAllPreamble()
    {
        var text = "# Decision log\n\nFormat:\n\n- a heading per decision\n- a short rationale\n";

        var auto = DocumentParser.Parse(text);
        var forced = DocumentParser.Parse(text, EntryKind.Section, 2);

        Assert.Equal(EntryKind.ListItem, auto.EntryKind);
        Assert.Equal(2, auto.Entries.Count);
        Assert.Null(forced.EntryKind);
        Assert.Empty(forced.Entries);
        Assert.Equal(text, forced.Preamble);
    }

    [Theory]
    [InlineData("a\nb\n", "\n")]
    [InlineData("a\r\nb\r\n", "\r\n")]
    [InlineData("a\r\nb\r\nc\n", "\r\n")]
    [InlineData("a\r\nb\nc\n", "\n")]
    [InlineData("a\rb\r", "\n")]
    [InlineData("no terminator", "\n")]
    [InlineData("", "\n")]
    public void Parse_LineTerminators_LineEndingIsTheCrLfMajority(string text, string lineEnding)
    {
        Assert.Equal(lineEnding, DocumentParser.Parse(text).LineEnding);
    }

    [Theory]
    [InlineData("- 2026-11-20 did things", "2026-11-20T00:00:00.0000000+00:00")]
    [InlineData("- 2026-11-20 14:03 [dev] did things", "2026-11-20T14:03:00.0000000+00:00")]
    [InlineData("- 2026-11-20T14:03:11Z [dev]", "2026-11-20T14:03:11.0000000+00:00")]
    [InlineData("- 2026-11-20T14:03:11.25Z", "2026-11-20T14:03:11.2500000+00:00")]
    [InlineData("- 2026-11-20T14:03:11+01:00", "2026-11-20T14:03:11.0000000+01:00")]
    [InlineData("- 2026-11-20T14:03-0530", "2026-11-20T14:03:00.0000000-05:30")]
    [InlineData("## 2026-11-21 qa: first date wins 2025-01-01", "2026-11-21T00:00:00.0000000+00:00")]
    [InlineData("- done 2026-02-28", "2026-02-28T00:00:00.0000000+00:00")]
    [InlineData("- 2026-11-20 14:00-15:30 meeting", "2026-11-20T14:00:00.0000000+00:00")]
    [InlineData("- 2026-13-45 impossible date", null)]
    [InlineData("- 2026-02-29 not a leap year", null)]
    [InlineData("- 2026-11-20T25:00 impossible time", null)]
    [InlineData("- 12026-11-20 too many digits", null)]
    [InlineData("- no date at all", null)]
    [InlineData("- 2026-11 only a month", null)]
    [InlineData("- 2026-11-20T14:03:051 seconds run on", "2026-11-20T14:03:00.0000000+00:00")]
    [InlineData("- 2026-11-20 14:035 minutes run on", "2026-11-20T00:00:00.0000000+00:00")]
    [InlineData("- 2026-11-20T14:03:11.123456789Z", "2026-11-20T14:03:11.1234567+00:00")]
    [InlineData("- 2026-11-20T14:03+01:0 short offset", "2026-11-20T14:03:00.0000000+00:00")]
    [InlineData("- 0001-01-01T00:00+01:00 before the first instant", null)]
    [InlineData("- v1.2-3 then 2026-11-20", "2026-11-20T00:00:00.0000000+00:00")]
    public void Parse_EntryFirstLine_TimestampIsTheFirstIsoDate(string firstLine, string? expected)
    {
        var entry = Assert.Single(DocumentParser.Parse(firstLine + "\n  - 2020-01-01 a date on a later line is ignored\n").Entries);

        Assert.Equal(expected, entry.Timestamp?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parse_TimestampWithoutOffset_IsUtc()
    {
        var entry = Assert.Single(DocumentParser.Parse("- 2026-11-20 14:03 a\n").Entries);

        Assert.Equal(TimeSpan.Zero, entry.Timestamp!.Value.Offset);
    }
}
