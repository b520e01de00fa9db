using System.Runtime.InteropServices;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Merge;

/// <summary>
/// A 3-way merge at entry level for append-mostly files (session logs, decision logs): an entry is kept
/// when both sides kept it, added when either side added it (once when both did), and dropped when either
/// side dropped it. Entries are never split or interleaved, and the result is the same whichever side is
/// "ours".
/// </summary>
/// <remarks>
/// <para>
/// Base entries that survive keep base order. An added entry is anchored after the nearest surviving
/// entry that precedes it on its own side; at each anchor the two sides' runs are merged like the merge
/// step of a merge sort (timestamp, oldest and undated first, then key, then text), so each side keeps its
/// own order and concurrent appends to a log land in time order.
/// </para>
/// <para>
/// The preamble merges 3-way. When both sides changed it, the stamp line and the rest are merged apart, so
/// two saves that only moved the stamp keep the later stamp and lose nothing; when both changed the rest,
/// the side with the later stamp wins and the other side's whole file is reported as losing text.
/// </para>
/// </remarks>
public sealed class UnionMerge : IMergeStrategy
{
    /// <summary>Creates the strategy; it holds no state and can be shared.</summary>
    public UnionMerge()
    {
    }

    /// <inheritdoc />
    public MergeResult Merge(string @base, string ours, string theirs) => MergeWithEntries(@base, ours, theirs).Result;

    /// <summary>Merges and also returns the entries the result was joined from (null when an input is returned as is).</summary>
    internal Outcome MergeWithEntries(string @base, string ours, string theirs)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);

        if (ours == theirs && ours == @base)
        {
            return new Outcome(new MergeResult(ours, MergeReport.Empty), null, null);
        }

        // The sides usually share a long head with base (a log with a few new entries): parse only past it.
        var baseDocument = DocumentParser.Parse(@base);
        var oursDocument = ours == @base ? baseDocument : DocumentParser.ParseReusing(ours, @base, baseDocument);
        var theirsDocument = theirs == @base ? baseDocument
            : theirs == ours ? oursDocument
            : DocumentParser.ParseReusing(theirs, @base, baseDocument);
        var layout = ChooseLayout(baseDocument, oursDocument, theirsDocument);
        if (layout is { } shared)
        {
            baseDocument = Conform(baseDocument, @base, shared);
            oursDocument = ours == @base ? baseDocument : Conform(oursDocument, ours, shared);
            theirsDocument = theirs == @base ? baseDocument : theirs == ours ? oursDocument : Conform(theirsDocument, theirs, shared);
        }

        var keyNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var baseVersion = new Version(baseDocument, keyNumbers, null);
        var oursVersion = ReferenceEquals(oursDocument, baseDocument) ? baseVersion : new Version(oursDocument, keyNumbers, baseVersion);
        var theirsVersion = ReferenceEquals(theirsDocument, baseDocument) ? baseVersion
            : ReferenceEquals(theirsDocument, oursDocument) ? oursVersion
            : new Version(theirsDocument, keyNumbers, baseVersion);

        // Survivors: base entries both sides kept, in base order.
        var survivorOrdinals = new Dictionary<long, int>(baseVersion.Ids.Length);
        var survivorIndexes = new List<int>(baseVersion.Ids.Length);
        for (var i = 0; i < baseVersion.Ids.Length; i++)
        {
            var id = baseVersion.Ids[i];
            if (oursVersion.At.ContainsKey(id) && theirsVersion.At.ContainsKey(id))
            {
                survivorOrdinals[id] = survivorIndexes.Count;
                survivorIndexes.Add(i);
            }
        }

        var oursAdditions = CollectAdditions(oursVersion, baseVersion, survivorOrdinals);
        var theirsAdditions = CollectAdditions(theirsVersion, baseVersion, survivorOrdinals);

        // An entry both sides added goes once, into the earlier of its two gaps.
        var oursGaps = new Dictionary<long, int>(oursAdditions.Count);
        foreach (var (id, gap, _) in oursAdditions)
        {
            oursGaps[id] = gap;
        }

        var sharedGaps = new Dictionary<long, int>();
        foreach (var (id, gap, _) in theirsAdditions)
        {
            if (oursGaps.TryGetValue(id, out var oursGap))
            {
                sharedGaps[id] = Math.Min(oursGap, gap);
            }
        }

        var report = new MergeReport(
            oursAdditions.Count - sharedGaps.Count,
            theirsAdditions.Count - sharedGaps.Count,
            baseVersion.Ids.Length - survivorIndexes.Count,
            Array.Empty<LosingText>());

        // Byte-exact shortcuts: they are what makes merging with an unchanged side the identity.
        if (ours == theirs || @base == theirs)
        {
            return new Outcome(new MergeResult(ours, report), null, layout);
        }

        if (@base == ours)
        {
            return new Outcome(new MergeResult(theirs, report), null, layout);
        }

        var gapCount = survivorIndexes.Count + 1;
        var oursRuns = new Runs(Candidates(oursAdditions, oursVersion, oursVersion, theirsVersion, sharedGaps), gapCount);
        var theirsRuns = new Runs(Candidates(theirsAdditions, theirsVersion, oursVersion, theirsVersion, sharedGaps), gapCount);

        var entries = new List<Entry>(survivorIndexes.Count + oursAdditions.Count + theirsAdditions.Count);
        var ids = new List<long>(entries.Capacity);
        var emittedShared = new HashSet<long>();
        for (var gap = 0; gap < gapCount; gap++)
        {
            if (gap > 0)
            {
                var index = survivorIndexes[gap - 1];
                var id = baseVersion.Ids[index];
                entries.Add(ChooseVariant(
                    baseVersion.Document.Entries[index],
                    oursVersion.Document.Entries[oursVersion.At[id]],
                    theirsVersion.Document.Entries[theirsVersion.At[id]]));
                ids.Add(id);
            }

            MergeRuns(oursRuns.At(gap), theirsRuns.At(gap), emittedShared, entries, ids);
        }

        var lineEnding = ChooseLineEnding(baseVersion.Document, oursVersion.Document, theirsVersion.Document, ours, theirs);
        var (preamble, loser) = MergePreamble(baseVersion.Document, oursVersion.Document, theirsVersion.Document, ours, theirs, lineEnding);
        if (loser is not null)
        {
            report = report with { Losers = new[] { loser } };
        }

        var text = layout is { } entryLayout
            ? Join(preamble, entries, ids, lineEnding, entryLayout, [baseVersion, oursVersion, theirsVersion])
            : preamble;
        return new Outcome(new MergeResult(text, report), entries, layout);
    }

    // Versions normally agree on how entries are delimited. When they do not (a section file whose
    // sections were all harvested reads as a list file if its preamble holds a list), sections win over
    // list items and the shallowest section level wins, so all three are read alike whichever side is which.
    private static (EntryKind Kind, int Level)? ChooseLayout(params BankDocument[] documents)
    {
        (EntryKind Kind, int Level)? layout = null;
        foreach (var document in documents)
        {
            if (document.EntryKind is not { } kind)
            {
                continue;
            }

            if (layout is null || (kind == EntryKind.Section && (layout.Value.Kind == EntryKind.ListItem || document.EntryHeadingLevel < layout.Value.Level)))
            {
                layout = (kind, document.EntryHeadingLevel);
            }
        }

        return layout;
    }

    private static BankDocument Conform(BankDocument document, string text, (EntryKind Kind, int Level) layout) =>
        document.EntryKind is null || (document.EntryKind == layout.Kind && document.EntryHeadingLevel == layout.Level)
            ? document
            : DocumentParser.Parse(text, layout.Kind, layout.Level);

    // Each side's entries that base does not have, anchored to the gap after the nearest preceding survivor.
    private static List<(long Id, int Gap, int Index)> CollectAdditions(Version side, Version @base, Dictionary<long, int> survivorOrdinals)
    {
        var additions = new List<(long, int, int)>();
        var gap = 0;
        for (var i = 0; i < side.Ids.Length; i++)
        {
            var id = side.Ids[i];
            if (survivorOrdinals.TryGetValue(id, out var ordinal))
            {
                gap = ordinal + 1;
            }
            else if (!@base.At.ContainsKey(id))
            {
                additions.Add((id, gap, i));
            }
        }

        return additions;
    }

    private static List<Candidate> Candidates(
        List<(long Id, int Gap, int Index)> additions,
        Version side,
        Version ours,
        Version theirs,
        Dictionary<long, int> sharedGaps)
    {
        var candidates = new List<Candidate>(additions.Count);
        foreach (var (id, gap, index) in additions)
        {
            if (!sharedGaps.TryGetValue(id, out var sharedGap))
            {
                candidates.Add(new Candidate(id, gap, side.Document.Entries[index], Shared: false));
            }
            else if (gap == sharedGap)
            {
                // Both sides added it: the ordinal-smaller text, whichever side is "ours".
                var oursEntry = ours.Document.Entries[ours.At[id]];
                var theirsEntry = theirs.Document.Entries[theirs.At[id]];
                var chosen = string.CompareOrdinal(oursEntry.Text, theirsEntry.Text) <= 0 ? oursEntry : theirsEntry;
                candidates.Add(new Candidate(id, gap, chosen, Shared: true));
            }
        }

        return candidates;
    }

    // The merge step of a merge sort over the two sides' runs for one gap: each run keeps its order, the
    // smaller head goes first, and an entry both sides added is written once.
    private static void MergeRuns(ArraySegment<Candidate> a, ArraySegment<Candidate> b, HashSet<long> emittedShared, List<Entry> entries, List<long> ids)
    {
        var i = 0;
        var j = 0;
        while (true)
        {
            while (i < a.Count && a[i].Shared && emittedShared.Contains(a[i].Id))
            {
                i++;
            }

            while (j < b.Count && b[j].Shared && emittedShared.Contains(b[j].Id))
            {
                j++;
            }

            Candidate next;
            if (i >= a.Count && j >= b.Count)
            {
                return;
            }
            else if (i >= a.Count)
            {
                next = b[j++];
            }
            else if (j >= b.Count)
            {
                next = a[i++];
            }
            else if (a[i].Id == b[j].Id)
            {
                next = a[i++];
                j++;
            }
            else
            {
                next = Compare(a[i].Entry, b[j].Entry) <= 0 ? a[i++] : b[j++];
            }

            if (next.Shared)
            {
                emittedShared.Add(next.Id);
            }

            entries.Add(next.Entry);
            ids.Add(next.Id);
        }
    }

    // Undated entries first, then by instant, key and text: a total order on distinct texts.
    private static int Compare(Entry a, Entry b)
    {
        if (a.Timestamp is { } aTime && b.Timestamp is { } bTime)
        {
            var byTime = aTime.UtcTicks.CompareTo(bTime.UtcTicks);
            if (byTime != 0)
            {
                return byTime;
            }
        }
        else if (a.Timestamp.HasValue != b.Timestamp.HasValue)
        {
            return a.Timestamp.HasValue ? 1 : -1;
        }

        var byKey = string.CompareOrdinal(a.Key, b.Key);
        return byKey != 0 ? byKey : string.CompareOrdinal(a.Text, b.Text);
    }

    // Same key, raw text may differ (trailing blank lines, line endings): a side that kept base's text
    // yields to the side that changed it; two changes resolve to the ordinal-smaller text.
    private static Entry ChooseVariant(Entry @base, Entry ours, Entry theirs)
    {
        if (ours.Text == theirs.Text || theirs.Text == @base.Text)
        {
            return ours;
        }

        if (ours.Text == @base.Text)
        {
            return theirs;
        }

        return string.CompareOrdinal(ours.Text, theirs.Text) <= 0 ? ours : theirs;
    }

    private static (string Preamble, LosingText? Loser) MergePreamble(BankDocument @base, BankDocument ours, BankDocument theirs, string oursText, string theirsText, string lineEnding)
    {
        if (ours.Preamble == theirs.Preamble || @base.Preamble == theirs.Preamble)
        {
            return (ours.Preamble, null);
        }

        if (@base.Preamble == ours.Preamble)
        {
            return (theirs.Preamble, null);
        }

        var oursStamp = UpdateStamp.TryRead(oursText);
        var theirsStamp = UpdateStamp.TryRead(theirsText);
        var order = UpdateStamp.Compare(oursStamp, theirsStamp);

        // Both changed it. When only one side changed more than the stamp line, nothing is lost: take the
        // later stamp line and that side's body.
        var (baseHead, baseBody) = SplitStampLine(@base.Preamble);
        var (oursHead, oursBody) = SplitStampLine(ours.Preamble);
        var (theirsHead, theirsBody) = SplitStampLine(theirs.Preamble);
        var body = oursBody == theirsBody || baseBody == theirsBody ? oursBody : baseBody == oursBody ? theirsBody : null;
        if (body is not null)
        {
            var head = oursHead == theirsHead || baseHead == theirsHead ? oursHead
                : baseHead == oursHead ? theirsHead
                : order > 0 || (order == 0 && string.CompareOrdinal(oursHead, theirsHead) > 0) ? oursHead : theirsHead;
            if (body.Length > 0 && head.Length > 0 && !EndsWithTerminator(head))
            {
                head += lineEnding;
            }

            return (head + body, null);
        }

        var oursWins = order > 0 || (order == 0 && string.CompareOrdinal(ours.Preamble, theirs.Preamble) > 0);
        return oursWins
            ? (ours.Preamble, new LosingText(MergeSide.Theirs, string.Empty, theirsText, theirsStamp))
            : (theirs.Preamble, new LosingText(MergeSide.Ours, string.Empty, oursText, oursStamp));
    }

    // The BOM and the stamp line (when the first line is one), and everything after them.
    private static (string Head, string Body) SplitStampLine(string preamble)
    {
        var start = preamble.StartsWith('\uFEFF') ? 1 : 0;
        if (UpdateStamp.TryRead(preamble) is null)
        {
            return (preamble[..start], preamble[start..]);
        }

        var end = preamble.AsSpan(start).IndexOfAny('\r', '\n');
        if (end < 0)
        {
            return (preamble, string.Empty);
        }

        end += start;
        end += preamble[end] == '\r' && end + 1 < preamble.Length && preamble[end + 1] == '\n' ? 2 : 1;
        return (preamble[..end], preamble[end..]);
    }

    // Symmetric in ours and theirs, so the merge stays commutative.
    private static string ChooseLineEnding(BankDocument @base, BankDocument ours, BankDocument theirs, string oursText, string theirsText)
    {
        if (ours.LineEnding == theirs.LineEnding)
        {
            return ours.LineEnding;
        }

        var oursHasLines = oursText.AsSpan().IndexOfAny('\r', '\n') >= 0;
        var theirsHasLines = theirsText.AsSpan().IndexOfAny('\r', '\n') >= 0;
        if (oursHasLines != theirsHasLines)
        {
            return oursHasLines ? ours.LineEnding : theirs.LineEnding;
        }

        return @base.LineEnding;
    }

    // Joins the pieces so the result parses back into exactly these entries. A join seen in an input is
    // known to parse. Any other join is checked by parsing just the two pieces: each entry starts a fresh
    // top-level block, so whether the second piece still starts an entry depends on nothing before the
    // first. An entry that would be swallowed (a setext heading, or an ordered item after a paragraph
    // line) gets a blank line before it.
    private static string Join(string preamble, List<Entry> entries, List<long> ids, string lineEnding, (EntryKind Kind, int Level) layout, Version[] versions)
    {
        var pieces = new string[entries.Count + 1];
        pieces[0] = preamble;
        for (var k = 0; k < entries.Count; k++)
        {
            pieces[k + 1] = entries[k].Text;
        }

        for (var k = 0; k < entries.Count; k++)
        {
            if (pieces[k].Length == 0)
            {
                continue;
            }

            var terminated = EndsWithTerminator(pieces[k]);
            if (!terminated)
            {
                pieces[k] += lineEnding;
            }

            if (terminated && SeenInAnInput(k, pieces, ids, versions))
            {
                continue;
            }

            var starts = DocumentParser.EntryStarts(pieces[k] + pieces[k + 1], layout.Kind, layout.Level);
            if (!starts.Contains(pieces[k].Length) && !EndsWithBlankLine(pieces[k]))
            {
                pieces[k] += lineEnding;
            }
        }

        for (var k = 0; k < entries.Count; k++)
        {
            if (!ReferenceEquals(pieces[k + 1], entries[k].Text))
            {
                entries[k] = new Entry(pieces[k + 1], entries[k].Kind, entries[k].Timestamp);
            }
        }

        return string.Concat(pieces);
    }

    // True when some input has these two pieces, with this exact text, next to each other.
    private static bool SeenInAnInput(int k, string[] pieces, List<long> ids, Version[] versions)
    {
        var id = ids[k];
        foreach (var version in versions)
        {
            if (!version.At.TryGetValue(id, out var index) || version.Document.Entries[index].Text != pieces[k + 1])
            {
                continue;
            }

            if (k == 0 ? index == 0 && version.Document.Preamble == pieces[0]
                : index > 0 && version.Ids[index - 1] == ids[k - 1] && version.Document.Entries[index - 1].Text == pieces[k])
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithTerminator(string text) => text.Length > 0 && text[^1] is '\n' or '\r';

    private static bool EndsWithBlankLine(string text)
    {
        if (!EndsWithTerminator(text))
        {
            return false;
        }

        var end = text.Length - (text.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : 1);
        while (end > 0 && text[end - 1] is ' ' or '\t')
        {
            end--;
        }

        return end == 0 || text[end - 1] is '\n' or '\r';
    }

    /// <summary>The merge result and the entries it was joined from, for tests of the entry structure.</summary>
    /// <param name="Result">What <see cref="Merge"/> returns.</param>
    /// <param name="Entries">The result's entries in order, or null when an input was returned as is.</param>
    /// <param name="Layout">How the inputs were read: entry kind and section level; null when no input has entries.</param>
    internal sealed record Outcome(MergeResult Result, IReadOnlyList<Entry>? Entries, (EntryKind Kind, int Level)? Layout);

    // An entry added on one side, or on both (Shared), waiting for its gap.
    private readonly record struct Candidate(long Id, int Gap, Entry Entry, bool Shared);

    // One input with entry identities: the key's number in the high half, its occurrence in this input
    // (1, 2, …) in the low half, so duplicate entries pair up in order.
    private sealed class Version
    {
        public Version(BankDocument document, Dictionary<string, int> keyNumbers, Version? basis)
        {
            Document = document;
            var entries = document.Entries;
            Ids = new long[entries.Count];
            At = new Dictionary<long, int>(entries.Count);
            var occurrences = new Dictionary<int, int>();

            // Entries the parser reused from the basis are the same objects: copy their identities
            // rather than hash their keys again.
            var shared = 0;
            while (basis is not null && shared < entries.Count && shared < basis.Ids.Length
                && ReferenceEquals(entries[shared], basis.Document.Entries[shared]))
            {
                var id = basis.Ids[shared];
                occurrences[(int)(id >> 32)] = (int)id;
                Ids[shared] = id;
                At[id] = shared;
                shared++;
            }

            for (var i = shared; i < entries.Count; i++)
            {
                ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(keyNumbers, entries[i].Key, out var known);
                if (!known)
                {
                    number = keyNumbers.Count - 1;
                }

                var occurrence = ++CollectionsMarshal.GetValueRefOrAddDefault(occurrences, number, out _);
                var id = ((long)number << 32) | (uint)occurrence;
                Ids[i] = id;
                At[id] = i;
            }
        }

        public BankDocument Document { get; }

        public long[] Ids { get; }

        public Dictionary<long, int> At { get; }
    }

    // A side's candidates grouped by gap, keeping the side's order within each gap (a stable counting sort).
    private sealed class Runs
    {
        private readonly Candidate[] _items;
        private readonly int[] _starts;

        public Runs(List<Candidate> candidates, int gapCount)
        {
            _starts = new int[gapCount + 1];
            foreach (var candidate in candidates)
            {
                _starts[candidate.Gap + 1]++;
            }

            for (var gap = 0; gap < gapCount; gap++)
            {
                _starts[gap + 1] += _starts[gap];
            }

            _items = new Candidate[candidates.Count];
            var next = (int[])_starts.Clone();
            foreach (var candidate in candidates)
            {
                _items[next[candidate.Gap]++] = candidate;
            }
        }

        public ArraySegment<Candidate> At(int gap) => new(_items, _starts[gap], _starts[gap + 1] - _starts[gap]);
    }
}
