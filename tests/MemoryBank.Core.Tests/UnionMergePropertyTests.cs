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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Merge_GeneratedBankFiles_HoldsEveryProperty(int seed)
    {
        for (var i = 0; i < CasesPerSeed; i++)
        {
            var caseSeed = (seed * 100_003) + i;
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

    private void CheckProperties(int caseSeed, string @base, string ours, string theirs)
    {
        string Fail(string property, string detail) => Describe(property, detail, caseSeed, @base, ours, theirs);

        var outcome = _merge.MergeWithEntries(@base, ours, theirs);
        var result = outcome.Result.Text;

        // Entries as the merge read them: all versions in one layout, even when one drifted.
        BankDocument Read(string text) => outcome.Layout is { } layout ? DocumentParser.Parse(text, layout.Kind, layout.Level) : DocumentParser.Parse(text);
        var baseDocument = Read(@base);
        var oursDocument = Read(ours);
        var theirsDocument = Read(theirs);
        var resultDocument = Read(result);

        // P5: the merge is commutative, byte for byte.
        var swapped = _merge.Merge(@base, theirs, ours).Text;
        Assert.True(result == swapped, Fail("P5 merge(B,O,T) == merge(B,T,O)", $"swapped result:\n{Escape(swapped)}\nresult:\n{Escape(result)}"));

        // P6: merging with an unchanged side, or two equal sides, gives that text exactly.
        foreach (var x in new[] { ours, theirs })
        {
            Assert.True(_merge.Merge(@base, x, x).Text == x, Fail("P6 merge(B,X,X) == X", Escape(x)));
            Assert.True(_merge.Merge(@base, @base, x).Text == x, Fail("P6 merge(B,B,X) == X", Escape(x)));
            Assert.True(_merge.Merge(@base, x, @base).Text == x, Fail("P6 merge(B,X,B) == X", Escape(x)));
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
        if (ours.Preamble == theirs.Preamble || @base.Preamble == ours.Preamble || @base.Preamble == theirs.Preamble)
        {
            Assert.True(result.Report.Losers.Count == 0, fail("P7 no loser unless both changed the preamble", string.Empty));
            return;
        }

        var order = UpdateStamp.Compare(UpdateStamp.TryRead(oursText), UpdateStamp.TryRead(theirsText));
        var (baseHead, baseBody) = SplitStampLine(@base.Preamble);
        var (oursHead, oursBody) = SplitStampLine(ours.Preamble);
        var (theirsHead, theirsBody) = SplitStampLine(theirs.Preamble);
        var body = ThreeWay(baseBody, oursBody, theirsBody);
        string expectedHead;
        string expectedBody;
        if (body is null)
        {
            // Both changed more than the stamp: the later stamp's side wins whole, the other is reported.
            var oursWins = order > 0 || (order == 0 && string.CompareOrdinal(ours.Preamble, theirs.Preamble) > 0);
            var loser = Assert.Single(result.Report.Losers);
            Assert.True(loser.Side == (oursWins ? MergeSide.Theirs : MergeSide.Ours), fail("P7 the earlier stamp loses", loser.Side.ToString()));
            Assert.True(loser.Text == (oursWins ? theirsText : oursText), fail("P7 the loser is the losing side's whole text", string.Empty));
            (expectedHead, expectedBody) = (string.Empty, oursWins ? ours.Preamble : theirs.Preamble);
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

        matches = matches && rest.StartsWith(expectedBody, StringComparison.Ordinal) && rest[expectedBody.Length..].Trim('\r', '\n').Length == 0;
        Assert.True(matches, fail("P7 the preamble follows the stamp rule", $"expected head {Escape(expectedHead)} and body {Escape(expectedBody)}, got {Escape(actual)}"));
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
    /// insertions, appends and additions shared by both sides.
    /// </summary>
    private sealed class BankGenerator
    {
        private static readonly string[] s_personas = ["dev", "qa", "pm", "ops"];
        private static readonly string[] s_words = ["fixed", "build", "parser", "merge", "tests", "green", "sync", "harvest", "docs", "release", "flaky", "lock"];

        private readonly Random _random;
        private readonly bool _sections;
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

        private bool Chance(double p) => _random.NextDouble() < p;

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private string Words(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Pick(s_words)));

        private string Stamp() =>
            $"<!-- memory-bank: updated=2026-11-21T{_random.Next(9, 12):00}:{Pick(new[] { 0, 30 }):00}:00Z by={Pick(s_personas)}-engineer -->\n";

        private string Preamble()
        {
            var builder = new StringBuilder();
            if (Chance(0.6))
            {
                builder.Append(Stamp());
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
                if (Chance(0.15))
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

                    builder.Append(_random.Next(6) switch
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
                var marker = Chance(0.1) ? $"{_random.Next(1, 10)}." : Chance(0.1) ? "*" : "-";
                var indent = new string(' ', marker.Length + 1);
                builder.Append(CultureInfo.InvariantCulture, $"{marker} {Timestamp()} [{Pick(s_personas)}] {Words(4)} #{serial}\n");
                if (Chance(0.3))
                {
                    for (var sub = _random.Next(1, 4); sub > 0; sub--)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"{indent}- {Words(2)}\n");
                    }
                }

                if (Chance(0.1))
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

        private (string Preamble, List<string> Entries) Derive(string preamble, List<string> baseEntries, List<string> shared)
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
                preamble = ReplaceStamp(preamble);
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

        private string ReplaceStamp(string preamble) =>
            preamble.StartsWith("<!--", StringComparison.Ordinal) ? Stamp() + preamble[(preamble.IndexOf('\n') + 1)..] : preamble;

        private string Render(string preamble, List<string> entries, bool bom, bool crlf)
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
            if (Chance(0.1))
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
