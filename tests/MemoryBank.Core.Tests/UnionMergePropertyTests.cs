using System.Globalization;
using System.Text;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Tests;

/// <summary>
/// Generated 3-way merges of realistic bank files. Every case has its own seed, printed with the three
/// inputs on failure; <c>new Random(caseSeed)</c> in <see cref="BankGenerator"/> reproduces it.
/// </summary>
public class UnionMergePropertyTests
{
    private const int CasesPerSeed = 500;

    private readonly UnionMerge _merge = new();
    private readonly UnionMerge _fullMerge = new() { AppendFastPath = false };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Merge_GeneratedBankFiles_HoldsEveryProperty(int seed)
    {
        foreach (var caseSeed in CaseSeeds(seed, CasesPerSeed))
        {
            var generated = new BankGenerator(new Random(caseSeed)).Case();
            foreach (var (text, count) in new[] { (generated.Base, generated.BaseCount), (generated.Ours, generated.OursCount), (generated.Theirs, generated.TheirsCount) })
            {
                // The generator's own check: each file parses into the entries it was built from.
                var parsed = DocumentParser.Parse(text, generated.Sections ? EntryKind.Section : EntryKind.ListItem, 2);
                Assert.True(parsed.Entries.Count == count, Describe("generator", $"expected {count} entries in {Escape(text)}", caseSeed, generated.Base, generated.Ours, generated.Theirs));
            }

            // Parsing a side past its shared head must read exactly as parsing it whole.
            var baseDocument = DocumentParser.Parse(generated.Base);
            foreach (var side in new[] { generated.Ours, generated.Theirs })
            {
                var whole = DocumentParser.Parse(side);
                var reusing = DocumentParser.ParseReusing(side, generated.Base, baseDocument);
                Assert.True(
                    whole.Preamble == reusing.Preamble && whole.EntryKind == reusing.EntryKind && whole.EntryHeadingLevel == reusing.EntryHeadingLevel
                        && whole.LineEnding == reusing.LineEnding && whole.Entries.SequenceEqual(reusing.Entries),
                    Describe("ParseReusing == Parse", Escape(side), caseSeed, generated.Base, generated.Ours, generated.Theirs));
            }

            CheckProperties(caseSeed, generated.Base, generated.Ours, generated.Theirs);
        }
    }

    /// <summary>
    /// P9: when one side is an older state of the other (the newer side made every change the older one
    /// made relative to base, and more), the merge is the newer side byte for byte, whichever side is which
    /// and whether or not both only appended. Otherwise a clone that pulled by hand and then merged would
    /// differ from the remote by white space, and the next `git pull` would refuse to run.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Merge_OneSideIsAnOlderStateOfTheOther_ResultIsTheNewerSide(int seed)
    {
        var shapes = new HashSet<(bool Sections, bool CrLf, bool FinalNewline)>();
        foreach (var caseSeed in CaseSeeds(seed, CasesPerSeed))
        {
            var generated = new BankGenerator(new Random(caseSeed)).FastForwardCase();
            var (@base, local, remote) = (generated.Base, generated.Local, generated.Remote);
            shapes.Add((generated.Sections, remote.Contains("\r\n", StringComparison.Ordinal), remote.EndsWith('\n')));
            foreach (var (name, merge) in new[] { ("fast path on", _merge), ("full merge", _fullMerge) })
            {
                var merged = merge.Merge(@base, local, remote).Text;
                Assert.True(merged == remote, Describe($"P9 merge(B,L,R) == R ({name})", $"result:\n{Escape(merged)}", caseSeed, @base, local, remote));
                var swapped = merge.Merge(@base, remote, local).Text;
                Assert.True(swapped == remote, Describe($"P9 merge(B,R,L) == R ({name})", $"result:\n{Escape(swapped)}", caseSeed, @base, remote, local));
            }
        }

        // Every shape was generated: list and section files, LF and CRLF, with and without a final newline.
        Assert.Equal(8, shapes.Count);
    }

    /// <summary>
    /// When both sides extend base byte for byte, merging only the parts from base's last entry on gives
    /// exactly the full merge: same text, same counts.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Merge_BothSidesExtendBase_FastPathGivesTheFullMergeExactly(int seed)
    {
        var fastPathTaken = 0;
        foreach (var caseSeed in CaseSeeds(seed, CasesPerSeed))
        {
            var generated = new BankGenerator(new Random(caseSeed)).AppendOnlyCase();
            var (@base, ours, theirs) = (generated.Base, generated.Ours, generated.Theirs);
            var fast = _merge.MergeWithEntries(@base, ours, theirs);
            var full = _fullMerge.MergeWithEntries(@base, ours, theirs);
            Assert.True(
                fast.Result.Text == full.Result.Text,
                Describe("fast path == full merge", $"fast:\n{Escape(fast.Result.Text)}\nfull:\n{Escape(full.Result.Text)}", caseSeed, @base, ours, theirs));
            Assert.True(
                SameCounts(fast.Result.Report, full.Result.Report) && fast.Result.Report.Losers.Count == full.Result.Report.Losers.Count,
                Describe("fast path report == full merge report", $"fast {fast.Result.Report}, full {full.Result.Report}", caseSeed, @base, ours, theirs));

            // The fast path returns no entry list; the full merge returns one unless it returned an input.
            if (fast.Entries is null && full.Entries is not null)
            {
                fastPathTaken++;
            }
        }

        Assert.True(fastPathTaken >= CasesPerSeed / 4, $"the fast path ran in only {fastPathTaken} of {CasesPerSeed} cases");
    }

    /// <summary>
    /// The merge driver decodes only base and what each side appended when both sides extend base byte for
    /// byte, and writes ours' head plus the merged tail. On real files, with multi-byte UTF-8 and BOMs, the
    /// bytes it writes must be the full merge's result, encoded.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MergeDriver_BothSidesExtendBase_WritesTheFullMergeBytes(int seed)
    {
        var folder = Directory.CreateTempSubdirectory("memory-bank-driver-");
        try
        {
            foreach (var caseSeed in CaseSeeds(seed, CasesPerSeed / 5))
            {
                var random = new Random(caseSeed);
                var generated = new BankGenerator(random).AppendOnlyCase();

                // Multi-byte characters, so a byte offset and a character offset differ.
                string Widen(string text) => random.Next(2) == 0 ? text
                    : text.Replace("merge", "mérge", StringComparison.Ordinal).Replace("sync", "同期", StringComparison.Ordinal).Replace("lock", "🔒", StringComparison.Ordinal);
                var widen = random.Next(2) == 0;
                var (@base, ours, theirs) = widen ? (Widen(generated.Base), Widen(generated.Ours), Widen(generated.Theirs)) : generated;
                if (!ours.StartsWith(@base, StringComparison.Ordinal) || !theirs.StartsWith(@base, StringComparison.Ordinal))
                {
                    (@base, ours, theirs) = generated;
                }

                var basePath = Path.Combine(folder.FullName, "base");
                var oursPath = Path.Combine(folder.FullName, "ours");
                var theirsPath = Path.Combine(folder.FullName, "theirs");
                File.WriteAllBytes(basePath, BankText.Encode(@base));
                File.WriteAllBytes(oursPath, BankText.Encode(ours));
                File.WriteAllBytes(theirsPath, BankText.Encode(theirs));
                var error = new StringWriter();

                var exit = MergeDriverRunner.Run(["union", basePath, oursPath, theirsPath, "SESSION_LOG.md"], error);

                var expected = BankText.Encode(_fullMerge.Merge(@base, ours, theirs).Text);
                var actual = File.ReadAllBytes(oursPath);
                Assert.True(exit == MergeDriverRunner.Merged, Describe("driver exit 0", $"exit {exit}: {error}", caseSeed, @base, ours, theirs));
                Assert.True(
                    expected.AsSpan().SequenceEqual(actual),
                    Describe("driver bytes == full merge", $"driver:\n{Escape(BankText.Decode(actual, "ours"))}\nfull:\n{Escape(BankText.Decode(expected, "full"))}", caseSeed, @base, ours, theirs));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Counting a log's new entries from the appended part only gives the full count exactly.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EntryDiff_AfterExtendsBefore_AppendedCountEqualsTheFullCount(int seed)
    {
        foreach (var caseSeed in CaseSeeds(seed, CasesPerSeed))
        {
            var (@base, ours, theirs) = new BankGenerator(new Random(caseSeed)).AppendOnlyCase();
            foreach (var (before, after) in new[] { (@base, ours), (@base, theirs), (ours, ours + theirs[@base.Length..]) })
            {
                var fast = global::MemoryBank.Core.Sync.EntryDiff.Count(before, after, global::MemoryBank.Core.Config.MergeStrategyKind.Union, appendFastPath: true);
                var full = global::MemoryBank.Core.Sync.EntryDiff.Count(before, after, global::MemoryBank.Core.Config.MergeStrategyKind.Union, appendFastPath: false);
                Assert.True(fast == full, Describe("appended count == full count", $"appended {fast}, full {full}", caseSeed, before, after, after));
            }
        }
    }

    // One seed's cases, each with its own seed: new Random(caseSeed) in BankGenerator reproduces it.
    private static IEnumerable<int> CaseSeeds(int seed, int count) => Enumerable.Range(0, count).Select(i => (seed * 100_003) + i);

    private void CheckProperties(int caseSeed, string @base, string ours, string theirs)
    {
        string Fail(string property, string detail) => Describe(property, detail, caseSeed, @base, ours, theirs);

        // The full merge, so the entry structure is always there to check; the fast path must agree with it.
        var outcome = _fullMerge.MergeWithEntries(@base, ours, theirs);
        var result = outcome.Result.Text;
        var fast = _merge.Merge(@base, ours, theirs);
        Assert.True(
            fast.Text == result && SameCounts(fast.Report, outcome.Result.Report),
            Fail("fast path == full merge", $"fast:\n{Escape(fast.Text)}\nfull:\n{Escape(result)}"));

        // Entries as the merge read them: all versions in one layout, even when one drifted.
        BankDocument Read(string text) => outcome.Layout is { } layout ? DocumentParser.Parse(text, layout.Kind, layout.Level) : DocumentParser.Parse(text);
        var baseDocument = Read(@base);
        var oursDocument = Read(ours);
        var theirsDocument = Read(theirs);
        var resultDocument = Read(result);

        foreach (var merge in new[] { _merge, _fullMerge })
        {
            // P5: the merge is commutative, byte for byte.
            var swapped = merge.Merge(@base, theirs, ours).Text;
            Assert.True(result == swapped, Fail("P5 merge(B,O,T) == merge(B,T,O)", $"swapped result:\n{Escape(swapped)}\nresult:\n{Escape(result)}"));

            // P6: merging with an unchanged side, or two equal sides, gives that text exactly.
            foreach (var x in new[] { ours, theirs })
            {
                Assert.True(merge.Merge(@base, x, x).Text == x, Fail("P6 merge(B,X,X) == X", Escape(x)));
                Assert.True(merge.Merge(@base, @base, x).Text == x, Fail("P6 merge(B,B,X) == X", Escape(x)));
                Assert.True(merge.Merge(@base, x, @base).Text == x, Fail("P6 merge(B,X,B) == X", Escape(x)));
            }
        }

        // P4: entries are never split or interleaved: every result entry is an input entry.
        var inputKeys = new HashSet<string>(
            baseDocument.Entries.Concat(oursDocument.Entries).Concat(theirsDocument.Entries).Select(e => e.Key),
            StringComparer.Ordinal);
        foreach (var entry in resultDocument.Entries)
        {
            Assert.True(inputKeys.Contains(entry.Key), Fail("P4 every result entry is an input entry", Escape(entry.Text)));
        }

        // P8: the result parses back into exactly the entries it was joined from.
        if (outcome.Entries is { } joined)
        {
            Assert.True(
                joined.Select(e => e.Key).SequenceEqual(resultDocument.Entries.Select(e => e.Key)),
                Fail("P8 the result re-parses into its entries", $"joined {joined.Count} entries, re-parsed {resultDocument.Entries.Count}:\n{Escape(result)}"));

            // A result with entries reads the same without being told the layout, so the next merge agrees.
            Assert.True(
                joined.Count == 0 || joined.Select(e => e.Key).SequenceEqual(DocumentParser.Parse(result).Entries.Select(e => e.Key)),
                Fail("P8 the result re-parses into its entries with its own layout", Escape(result)));
        }

        // P1-P3 on entry identities (key and occurrence number within a version).
        var baseIds = Ids(baseDocument);
        var inBase = baseIds.ToHashSet();
        var inOurs = Ids(oursDocument).ToHashSet();
        var inTheirs = Ids(theirsDocument).ToHashSet();
        var survivors = inBase.Where(id => inOurs.Contains(id) && inTheirs.Contains(id)).ToHashSet();
        var addedByOurs = inOurs.Where(id => !inBase.Contains(id)).ToHashSet();
        var addedByTheirs = inTheirs.Where(id => !inBase.Contains(id)).ToHashSet();
        var expected = survivors.Concat(addedByOurs).Concat(addedByTheirs).ToHashSet();
        var expectedCounts = expected.GroupBy(id => id.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var resultCounts = resultDocument.Entries.GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        foreach (var id in addedByOurs.Concat(addedByTheirs))
        {
            // P1: every entry added on either side is in the result.
            Assert.True(resultCounts.GetValueOrDefault(id.Key) >= expectedCounts[id.Key], Fail("P1 every added entry is in the result", Escape(id.Key)));
        }

        foreach (var id in inBase.Where(id => inOurs.Contains(id) != inTheirs.Contains(id)))
        {
            // P2: an entry removed on one side and unchanged on the other is absent.
            Assert.True(resultCounts.GetValueOrDefault(id.Key) <= expectedCounts.GetValueOrDefault(id.Key), Fail("P2 a removed entry stays removed", Escape(id.Key)));
        }

        foreach (var id in addedByOurs.Where(addedByTheirs.Contains))
        {
            // P3: an entry added on both sides appears once.
            Assert.True(resultCounts.GetValueOrDefault(id.Key) == expectedCounts[id.Key], Fail("P3 an entry added on both sides appears once", Escape(id.Key)));
        }

        foreach (var (key, count) in resultCounts)
        {
            Assert.True(count == expectedCounts.GetValueOrDefault(key), Fail("P1-P3 the result holds exactly the expected entries", $"{count} × {Escape(key)}"));
        }

        // The report counts what each side alone added and what base lost.
        var report = outcome.Result.Report;
        Assert.True(
            report.AddedFromOurs == addedByOurs.Count(id => !addedByTheirs.Contains(id))
                && report.AddedFromTheirs == addedByTheirs.Count(id => !addedByOurs.Contains(id))
                && report.Removed == inBase.Count - survivors.Count,
            Fail("report counts", report.ToString()));

        // Survivors keep base order (unless an input was returned as is: a side may reorder its own file).
        var survivorKeys = baseDocument.Entries.Where((e, i) => survivors.Contains(baseIds[i])).Select(e => e.Key).ToList();
        Assert.True(
            outcome.Entries is null || IsSubsequence(survivorKeys, resultDocument.Entries.Select(e => e.Key).ToList()),
            Fail("base entries keep base order", Escape(result)));

        // P7: never conflict markers; a preamble changed on both sides follows the stamp rule.
        Assert.True(!result.Contains("<<<<<<<", StringComparison.Ordinal) && !result.Contains(">>>>>>>", StringComparison.Ordinal), Fail("P7 no conflict markers", Escape(result)));
        CheckPreamble(outcome.Result, resultDocument, baseDocument, oursDocument, theirsDocument, ours, theirs, Fail);
    }

    private static void CheckPreamble(
        MergeResult result,
        BankDocument resultDocument,
        BankDocument @base,
        BankDocument ours,
        BankDocument theirs,
        string oursText,
        string theirsText,
        Func<string, string, string> fail)
    {
        // Blank lines (and the line ending) at the end of a preamble separate it from the first entry:
        // they follow that entry, like an entry's, so only the rest counts as the preamble's content.
        var (basePreamble, oursPreamble, theirsPreamble) = (Content(@base.Preamble), Content(ours.Preamble), Content(theirs.Preamble));
        if (oursPreamble == theirsPreamble || basePreamble == oursPreamble || basePreamble == theirsPreamble)
        {
            Assert.True(result.Report.Losers.Count == 0, fail("P7 no loser unless both changed the preamble", string.Empty));
            return;
        }

        var order = UpdateStamp.Compare(UpdateStamp.TryRead(oursText), UpdateStamp.TryRead(theirsText));
        var (baseHead, baseBody) = SplitStampLine(basePreamble);
        var (oursHead, oursBody) = SplitStampLine(oursPreamble);
        var (theirsHead, theirsBody) = SplitStampLine(theirsPreamble);
        var body = ThreeWay(baseBody, oursBody, theirsBody);
        string expectedHead;
        string expectedBody;
        if (body is null)
        {
            // Both changed more than the stamp: the later stamp's side wins whole, the other is reported.
            var oursWins = order > 0 || (order == 0 && string.CompareOrdinal(oursPreamble, theirsPreamble) > 0);
            var loser = Assert.Single(result.Report.Losers);
            Assert.True(loser.Side == (oursWins ? MergeSide.Theirs : MergeSide.Ours), fail("P7 the earlier stamp loses", loser.Side.ToString()));
            Assert.True(loser.Text == (oursWins ? theirsText : oursText), fail("P7 the loser is the losing side's whole text", string.Empty));
            (expectedHead, expectedBody) = (string.Empty, oursWins ? oursPreamble : theirsPreamble);
        }
        else
        {
            // Only one side changed more than the stamp line: the later stamp line, and nothing lost.
            Assert.True(result.Report.Losers.Count == 0, fail("P7 no loser when only the stamp lines conflict", string.Empty));
            expectedHead = ThreeWay(baseHead, oursHead, theirsHead)
                ?? (order > 0 || (order == 0 && string.CompareOrdinal(oursHead, theirsHead) > 0) ? oursHead : theirsHead);
            expectedBody = body;
        }

        // A join may add line endings after the head or at the end of the preamble.
        var actual = resultDocument.Preamble;
        var matches = actual.StartsWith(expectedHead, StringComparison.Ordinal);
        var rest = matches ? actual[expectedHead.Length..] : string.Empty;
        if (matches && expectedBody.Length > 0 && !rest.StartsWith(expectedBody, StringComparison.Ordinal))
        {
            rest = rest.TrimStart('\r', '\n');
        }

        matches = matches && rest.StartsWith(expectedBody, StringComparison.Ordinal) && rest[expectedBody.Length..].Trim(" \t\r\n".ToCharArray()).Length == 0;
        Assert.True(matches, fail("P7 the preamble follows the stamp rule", $"expected head {Escape(expectedHead)} and body {Escape(expectedBody)}, got {Escape(actual)}"));
    }

    private static bool SameCounts(MergeReport a, MergeReport b) =>
        (a.AddedFromOurs, a.AddedFromTheirs, a.Removed) == (b.AddedFromOurs, b.AddedFromTheirs, b.Removed);

    // The text without its last line ending and the blank lines after it.
    private static string Content(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var keep = lines.Length;
        while (keep > 0 && lines[keep - 1].Trim(' ', '\t').Length == 0)
        {
            keep--;
        }

        // Lines kept, counted in the original text: cut just before the line ending after the last of them.
        var end = 0;
        for (var line = 0; line < keep; line++)
        {
            end = text.IndexOfAny(['\r', '\n'], end);
            if (end < 0)
            {
                return text;
            }

            if (line < keep - 1)
            {
                end += text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1;
            }
        }

        return keep == 0 ? string.Empty : text[..end];
    }

    private static (string Head, string Body) SplitStampLine(string preamble)
    {
        var start = preamble.StartsWith('\uFEFF') ? 1 : 0;
        if (UpdateStamp.TryRead(preamble) is null)
        {
            return (preamble[..start], preamble[start..]);
        }

        var end = preamble.IndexOf('\n', start);
        return end < 0 ? (preamble, string.Empty) : (preamble[..(end + 1)], preamble[(end + 1)..]);
    }

    private static string? ThreeWay(string @base, string ours, string theirs) =>
        ours == theirs ? ours : @base == ours ? theirs : @base == theirs ? ours : null;

    private static List<(string Key, int Occurrence)> Ids(BankDocument document)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return document.Entries.Select(e => (e.Key, seen[e.Key] = seen.GetValueOrDefault(e.Key) + 1)).ToList();
    }

    private static bool IsSubsequence(List<string> needle, List<string> haystack)
    {
        var i = 0;
        foreach (var item in haystack)
        {
            if (i < needle.Count && needle[i] == item)
            {
                i++;
            }
        }

        return i == needle.Count;
    }

    private static string Describe(string property, string detail, int caseSeed, string @base, string ours, string theirs) =>
        $"{property} failed for case seed {caseSeed}: {detail}\nbase:   {Escape(@base)}\nours:   {Escape(ours)}\ntheirs: {Escape(theirs)}";

    // A C# string literal, so a failing case can be pasted into an example test.
    private static string Escape(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var ch in text)
        {
            builder.Append(ch switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                '\uFEFF' => "\\uFEFF",
                _ => ch.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Builds a base bank file in one shape (list or section entries, LF or CRLF, with or without BOM,
    /// title, intro and stamp) and derives ours and theirs from it by removes, edits, blank-line changes,
    /// insertions, appends and additions shared by both sides; or a local and a remote where the remote
    /// made every change the local made, and more; or two sides that only appended to base.
    /// </summary>
    private sealed class BankGenerator
    {
        private static readonly string[] s_personas = ["dev", "qa", "pm", "ops"];
        private static readonly string[] s_words = ["fixed", "build", "parser", "merge", "tests", "green", "sync", "harvest", "docs", "release", "flaky", "lock"];

        // Appended text that is not a whole entry: it may continue base's last entry, open a block, or
        // change how entries are delimited.
        private static readonly string[] s_fragments =
        [
            "  continued in the last entry\n",
            "more text for the last paragraph\n",
            "\n    indented code\n",
            "---\n",
            "```\n",
            "<!-- a comment left open\n",
            "<div>\n",
            "# A level-one heading\n",
            "## A level-two heading\n",
            "### Details\n",
            "2. an ordered item\n",
            "- a list item\n",
            "\n",
            "   \n",
        ];

        // Section body parts without a fence (part 4), for files a line scan can read.
        private static readonly int[] s_plainParts = [0, 1, 2, 3, 5];

        private readonly Random _random;
        private readonly bool _sections;

        // No setext headings, fences or ordered items: files whose last entry a line scan can find.
        private bool _plain;
        private int _serial;

        public BankGenerator(Random random)
        {
            _random = random;
            _sections = random.Next(2) == 0;
        }

        public (string Base, string Ours, string Theirs, int BaseCount, int OursCount, int TheirsCount, bool Sections) Case()
        {
            var bom = Chance(0.15);
            var crlf = Chance(0.3);
            var preamble = Preamble();
            var entries = new List<string>();
            var count = _random.Next(0, 14);
            for (var i = 0; i < count; i++)
            {
                entries.Add(Chance(0.05) && entries.Count > 0 ? entries[_random.Next(entries.Count)] : NewEntry());
            }

            var shared = Enumerable.Range(0, Chance(0.3) ? _random.Next(1, 3) : 0).Select(_ => NewEntry()).ToList();
            var ours = Derive(preamble, entries, shared);
            var theirs = Derive(preamble, entries, shared);
            return (
                Render(preamble, entries, bom, crlf),
                Render(ours.Preamble, ours.Entries, bom, Chance(0.05) ? !crlf : crlf),
                Render(theirs.Preamble, theirs.Entries, bom, Chance(0.05) ? !crlf : crlf),
                entries.Count,
                ours.Entries.Count,
                theirs.Entries.Count,
                _sections);
        }

        /// <summary>
        /// A base, a local that changed it, and a remote that made the local's changes and more: removes and
        /// edits of base entries, blank-line changes to entries the local left as base had them,
        /// insertions, appends at the end, and a later stamp. Base entries are distinct: identities are
        /// occurrence numbers, so removing one of two equal entries may read as removing the other.
        /// </summary>
        public (string Base, string Local, string Remote, bool Sections) FastForwardCase()
        {
            _plain = Chance(0.3);
            var bom = Chance(0.15);
            var crlf = Chance(0.3);
            var preamble = Preamble(stampHour: 9);
            var entries = Enumerable.Range(0, _random.Next(0, 14)).Select(_ => NewEntry()).ToList();
            var local = Derive(preamble, entries, [], stampHour: 10);
            var remote = Advance(preamble, entries, local.Preamble, local.Entries);

            // The remote rewrote its last entry only if it changed which entry is last; otherwise it kept
            // the local's final newline (or its lack).
            var localTrim = Chance(0.15);
            var remoteTrim = remote.Entries.LastOrDefault() == local.Entries.LastOrDefault() ? localTrim : Chance(0.15);
            return (
                Render(preamble, entries, bom, crlf, Chance(0.15)),
                Render(local.Preamble, local.Entries, bom, crlf, localTrim),
                Render(remote.Preamble, remote.Entries, bom, crlf, remoteTrim),
                _sections);
        }

        /// <summary>A base and two sides that each appended text to it: whole entries, entries both appended, or fragments.</summary>
        public (string Base, string Ours, string Theirs) AppendOnlyCase()
        {
            _plain = Chance(0.5);
            var bom = Chance(0.15);
            var crlf = Chance(0.3);
            var preamble = Preamble();
            var entries = new List<string>();
            for (var count = _random.Next(0, 14); entries.Count < count;)
            {
                entries.Add(Chance(0.05) && entries.Count > 0 ? entries[_random.Next(entries.Count)] : NewEntry());
            }

            var @base = Render(preamble, entries, bom, crlf, Chance(0.15));
            var shared = Enumerable.Range(0, Chance(0.3) ? _random.Next(1, 3) : 0).Select(_ => NewEntry()).ToList();
            string Appended()
            {
                var builder = new StringBuilder();
                if (!@base.EndsWith('\n') && @base.Length > 0 && Chance(0.8))
                {
                    builder.Append('\n');
                }

                for (var parts = Chance(0.1) ? 0 : _random.Next(1, 6); parts > 0; parts--)
                {
                    if (Chance(0.5))
                    {
                        builder.Append('\n');
                    }

                    var roll = _random.NextDouble();
                    builder.Append(roll < 0.15 && shared.Count > 0 ? Pick(shared) : roll < 0.25 ? Pick(s_fragments) : NewEntry());
                }

                var text = Chance(0.1) ? builder.ToString().TrimEnd('\n') : builder.ToString();
                return crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text;
            }

            return (@base, @base + Appended(), @base + Appended());
        }

        // The local's entries with more changes that keep every change the local made.
        private (string Preamble, List<string> Entries) Advance(string basePreamble, List<string> baseEntries, string localPreamble, List<string> localEntries)
        {
            var inBase = baseEntries.ToHashSet(StringComparer.Ordinal);
            bool FromBase(string entry) =>
                inBase.Contains(entry) || inBase.Contains(entry + "\n") || (entry.EndsWith("\n\n", StringComparison.Ordinal) && inBase.Contains(entry[..^1]));

            var entries = new List<string>(localEntries);

            // An entry whose text and successor are as in base reads as in base (the blank line a file puts
            // before a setext heading or an ordered item depends on the successor): the local kept it.
            string? NextInBase(string entry) => baseEntries.IndexOf(entry) is var i && i >= 0 && i + 1 < baseEntries.Count ? baseEntries[i + 1] : null;
            bool KeptByLocal(int i) =>
                inBase.Contains(entries[i]) && localEntries.IndexOf(entries[i]) is var at && at + 1 < localEntries.Count
                && localEntries[at + 1] == NextInBase(entries[i]);

            for (var ops = _random.Next(0, 7); ops > 0; ops--)
            {
                var roll = _random.NextDouble();
                var fromBase = Enumerable.Range(0, entries.Count).Where(i => FromBase(entries[i])).ToList();
                var asInBase = fromBase.Where(KeptByLocal).ToList();
                if (roll < 0.15 && fromBase.Count > 0)
                {
                    entries.RemoveAt(Pick(fromBase));
                }
                else if (roll < 0.3 && fromBase.Count > 0)
                {
                    entries[Pick(fromBase)] = NewEntry();
                }
                else if (roll < 0.4 && asInBase.Count > 0)
                {
                    var index = Pick(asInBase);
                    entries[index] = entries[index].EndsWith("\n\n", StringComparison.Ordinal) ? entries[index][..^1] : entries[index] + "\n";
                }
                else if (roll < 0.6)
                {
                    entries.Insert(_random.Next(entries.Count + 1), NewEntry());
                }
                else
                {
                    entries.Add(NewEntry());
                }
            }

            var preamble = localPreamble;
            if (!entries.SequenceEqual(localEntries) && Chance(0.7))
            {
                preamble = ReplaceStamp(preamble, 11);
            }

            if (PreambleBody(localPreamble) == PreambleBody(basePreamble) && Chance(0.25))
            {
                var edited = preamble.Replace("Newest last.", "Newest last, edited by the remote.", StringComparison.Ordinal);
                preamble = edited == preamble ? preamble : ReplaceStamp(edited, 11);
            }

            return (preamble, entries);
        }

        private bool Chance(double p) => _random.NextDouble() < p;

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private string Words(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Pick(s_words)));

        private string Stamp(int? hour = null) =>
            $"<!-- memory-bank: updated=2026-11-21T{hour ?? _random.Next(9, 12):00}:{Pick(new[] { 0, 30 }):00}:00Z by={Pick(s_personas)}-engineer -->\n";

        private string Preamble(int? stampHour = null)
        {
            var builder = new StringBuilder();
            if (Chance(0.6))
            {
                builder.Append(Stamp(stampHour));
            }

            if (Chance(0.8))
            {
                builder.Append(_sections ? "# Decision log\n\n" : "# Session log\n\n");
            }

            if (Chance(0.5))
            {
                builder.Append("Newest last. One entry per session.\n\n");
            }

            if (_sections && Chance(0.3))
            {
                builder.Append("Format:\n\n- a heading per session\n- bullets under it\n\n");
            }

            return builder.ToString();
        }

        private string Timestamp()
        {
            var day = $"2026-11-{_random.Next(20, 29)}";
            return _random.Next(5) switch
            {
                0 => day,
                1 => $"{day} {_random.Next(24):00}:{_random.Next(60):00}",
                2 => $"{day}T{_random.Next(24):00}:{_random.Next(60):00}:{_random.Next(60):00}Z",
                3 => $"{day}T{_random.Next(24):00}:{_random.Next(60):00}+0{_random.Next(1, 6)}:00",
                _ => Chance(0.5) ? day : "undated",
            };
        }

        private string NewEntry()
        {
            var serial = ++_serial;
            var builder = new StringBuilder();
            if (_sections)
            {
                // Now and then a setext heading, which a paragraph line right before it would swallow.
                if (!_plain && Chance(0.15))
                {
                    builder.Append(CultureInfo.InvariantCulture, $"{Timestamp()} {Pick(s_personas)} #{serial}\n---\n");
                }
                else
                {
                    builder.Append(CultureInfo.InvariantCulture, $"## {Timestamp()} {Pick(s_personas)} #{serial}\n");
                }
                var parts = _random.Next(1, 4);
                for (var part = 0; part < parts; part++)
                {
                    if (part > 0 || Chance(0.7))
                    {
                        builder.Append('\n');
                    }

                    builder.Append((_plain ? Pick(s_plainParts) : _random.Next(6)) switch
                    {
                        0 => $"{Words(6)}.\n",
                        1 => $"- {Words(2)}\n- tests green\n",
                        2 => "- outer\n  - nested\n    - deeper\n",
                        3 => "| step | result |\n|------|--------|\n| build | ok |\n",
                        4 => "```bash\n## not a heading\n- not an item\n```\n",
                        _ => $"### Details\n{Words(4)}\n",
                    });
                }

                if (Chance(0.85))
                {
                    builder.Append('\n');
                }
            }
            else
            {
                // Mostly bullets; now and then an ordered item, which cannot interrupt a paragraph unless it is "1.".
                var marker = !_plain && Chance(0.1) ? $"{_random.Next(1, 10)}." : Chance(0.1) ? "*" : "-";
                var indent = new string(' ', marker.Length + 1);
                builder.Append(CultureInfo.InvariantCulture, $"{marker} {Timestamp()} [{Pick(s_personas)}] {Words(4)} #{serial}\n");
                if (Chance(0.3))
                {
                    for (var sub = _random.Next(1, 4); sub > 0; sub--)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"{indent}- {Words(2)}\n");
                    }
                }

                if (!_plain && Chance(0.1))
                {
                    builder.Append(CultureInfo.InvariantCulture, $"{indent}```text\n{indent}- not an item\n{indent}## not a heading\n{indent}```\n");
                }

                if (Chance(0.08))
                {
                    // A top-level paragraph after the item belongs to the item's entry.
                    builder.Append(CultureInfo.InvariantCulture, $"\nA note on #{serial}: {Words(3)}.\n");
                }

                if (Chance(0.15))
                {
                    builder.Append('\n');
                }
            }

            return builder.ToString();
        }

        private (string Preamble, List<string> Entries) Derive(string preamble, List<string> baseEntries, List<string> shared, int? stampHour = null)
        {
            var entries = new List<string>(baseEntries);
            if (Chance(0.03))
            {
                // A harvest: the buffer was emptied.
                entries.Clear();
            }

            for (var ops = _random.Next(0, 7); ops > 0; ops--)
            {
                var roll = _random.NextDouble();
                if (roll < 0.25 && entries.Count > 0)
                {
                    entries.RemoveAt(_random.Next(entries.Count));
                }
                else if (roll < 0.45 && entries.Count > 0)
                {
                    entries[_random.Next(entries.Count)] = NewEntry();
                }
                else if (roll < 0.55 && entries.Count > 0)
                {
                    // Same entry, different raw text: a blank line added or dropped.
                    var index = _random.Next(entries.Count);
                    entries[index] = entries[index].EndsWith("\n\n", StringComparison.Ordinal) ? entries[index][..^1] : entries[index] + "\n";
                }
                else if (roll < 0.75)
                {
                    entries.Insert(_random.Next(entries.Count + 1), NewEntry());
                }
                else
                {
                    entries.Add(NewEntry());
                }
            }

            foreach (var entry in shared)
            {
                if (Chance(0.5))
                {
                    entries.Add(entry);
                }
                else
                {
                    entries.Insert(_random.Next(entries.Count + 1), entry);
                }
            }

            var changed = !entries.SequenceEqual(baseEntries);
            if (changed && Chance(0.7))
            {
                preamble = ReplaceStamp(preamble, stampHour);
            }

            if (Chance(0.25))
            {
                preamble = preamble.Replace("Newest last.", $"Newest last, edited {_random.Next(3)}.", StringComparison.Ordinal);
            }

            return (preamble, entries);
        }

        private static bool NeedsBlankLineBefore(string entry) =>
            (entry.Contains("\n---\n", StringComparison.Ordinal) && !entry.StartsWith("## ", StringComparison.Ordinal))
            || (char.IsAsciiDigit(entry[0]) && entry[0] != '1' && entry[1] == '.');

        private string ReplaceStamp(string preamble, int? hour = null) =>
            preamble.StartsWith("<!--", StringComparison.Ordinal) ? Stamp(hour) + PreambleBody(preamble) : preamble;

        private static string PreambleBody(string preamble) =>
            preamble.StartsWith("<!--", StringComparison.Ordinal) ? preamble[(preamble.IndexOf('\n') + 1)..] : preamble;

        private string Render(string preamble, List<string> entries, bool bom, bool crlf) => Render(preamble, entries, bom, crlf, Chance(0.1));

        private static string Render(string preamble, List<string> entries, bool bom, bool crlf, bool trimFinalNewlines)
        {
            // Each file must be valid on its own: give the entry before a setext heading or an ordered item
            // that cannot interrupt a paragraph the blank line such a file would have.
            var pieces = new List<string>(entries);
            for (var i = 1; i < pieces.Count; i++)
            {
                if (NeedsBlankLineBefore(pieces[i]) && !pieces[i - 1].EndsWith("\n\n", StringComparison.Ordinal))
                {
                    pieces[i - 1] += "\n";
                }
            }

            var text = preamble + string.Concat(pieces);
            if (trimFinalNewlines)
            {
                text = text.TrimEnd('\n');
            }

            if (crlf)
            {
                text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
            }

            return bom ? "\uFEFF" + text : text;
        }
    }
}
