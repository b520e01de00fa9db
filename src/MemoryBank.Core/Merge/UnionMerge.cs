using System.Text;
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
/// own order and concurrent appends to a log land in time order. An entry both sides added holds its place
/// on both: what either side put before it goes before it.
/// </para>
/// <para>
/// An entry's text is a body, up to the end of its last non-blank line, and a trailer: that line's ending
/// and the blank lines after it. The body merges 3-way: a side that kept base's body yields to the side that
/// changed it, and two changes resolve to the ordinal-smaller body. The trailer separates the entry from
/// what follows it, so it follows the entry's place in the result: it comes from a side where the same
/// entry follows (or, for the last entry, where the entry ends the file), 3-way when both sides have that
/// join. Where neither side has the join, a side's separator is used: the entry's trailer where it is
/// followed by another entry, else the trailer its file puts after the entry before it. The preamble's
/// trailer follows the first entry the same way. So when one side is an older state of the other (the
/// other side made every change it made, and more), the result is the other side, byte for byte.
/// </para>
/// <para>
/// The preamble's body merges 3-way. When both sides changed it, the stamp line and the rest are merged
/// apart, so two saves that only moved the stamp keep the later stamp and lose nothing; when both changed
/// the rest, the side with the later stamp wins and the other side's whole file is reported as losing text.
/// </para>
/// <para>
/// When both sides extend base byte for byte (the usual log append), only the text from base's last entry
/// on is parsed and merged: base's other entries and its preamble are in all three versions unchanged,
/// so the full merge would keep them as they are. A line scan finds base's last entry without a parse;
/// when it cannot be sure, or the appended text changes how entries are delimited, the full merge runs.
/// </para>
/// </remarks>
public sealed class UnionMerge : IMergeStrategy
{
    // The successor of the last entry. Entry identities are never 0: occurrence numbers start at 1.
    private const long End = 0;

    /// <summary>Creates the strategy; it holds no state and can be shared.</summary>
    public UnionMerge()
    {
    }

    /// <summary>
    /// Whether a merge whose sides both extend base reads only the text from base's last entry on. On by
    /// default; tests turn it off to compare the two paths.
    /// </summary>
    internal bool AppendFastPath { get; init; } = true;

    /// <inheritdoc />
    public MergeResult Merge(string @base, string ours, string theirs) => MergeWithEntries(@base, ours, theirs).Result;

    /// <summary>
    /// Merges and also returns the entries the result was joined from (null when an input is returned as
    /// is, or when only the appended parts were merged).
    /// </summary>
    internal Outcome MergeWithEntries(string @base, string ours, string theirs)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);

        if (ours == theirs && ours == @base)
        {
            return new Outcome(new MergeResult(ours, MergeReport.Empty), null, null);
        }

        if (AppendFastPath && ours.StartsWith(@base, StringComparison.Ordinal) && theirs.StartsWith(@base, StringComparison.Ordinal)
            && MergeAppended(@base, ours[@base.Length..], theirs[@base.Length..]) is { } appended)
        {
            return new Outcome(new MergeResult(string.Concat(@base.AsSpan(0, appended.HeadLength), appended.Tail), appended.Report), null, appended.Layout);
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

        return MergeDocuments(new Inputs(@base, ours, theirs, baseDocument, oursDocument, theirsDocument, layout, 0), keepEntries: true);
    }

    /// <summary>
    /// Merges when both sides only appended to base: <paramref name="oursAppended"/> and
    /// <paramref name="theirsAppended"/> are what each side has after base's text. Gives what
    /// <see cref="Merge"/> gives on <c>base + oursAppended</c> and <c>base + theirsAppended</c>, as base's
    /// first <see cref="AppendedMerge.HeadLength"/> characters followed by <see cref="AppendedMerge.Tail"/>;
    /// null when that cannot be shown without a full parse, and the full merge must run.
    /// </summary>
    /// <remarks>
    /// Every base entry but the last, and the preamble, are the same text in all three versions, so merging
    /// from the last entry on gives what the full merge gives. Only base is scanned (by lines, not parsed);
    /// the merge driver uses this to read and decode no more of the sides than what they appended.
    /// </remarks>
    public AppendedMerge? MergeAppended(string @base, string oursAppended, string theirsAppended)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(oursAppended);
        ArgumentNullException.ThrowIfNull(theirsAppended);
        return DocumentParser.FindLastEntry(@base) is { } last ? MergeAppended(last, @base[last.Start..], oursAppended, theirsAppended) : null;
    }

    /// <summary>
    /// <see cref="MergeAppended(string, string, string)"/> given where base's last entry starts and its text
    /// from there on: the result's head is base up to <see cref="DocumentParser.LastEntry.Start"/>, in
    /// whatever unit that offset counts (the merge driver scans bytes).
    /// </summary>
    internal AppendedMerge? MergeAppended(DocumentParser.LastEntry last, string lastEntry, string oursAppended, string theirsAppended)
    {
        // The last entry's first line must be complete in base, so appending cannot change how it starts.
        if (lastEntry.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            return null;
        }

        // The parts from the last entry on, each after a line break that stands for base's head: the parser
        // then reads them as text after a file's start (no title, no BOM) and they share that one character.
        var basePart = string.Concat("\n", lastEntry);
        var oursPart = oursAppended.Length == 0 ? basePart : string.Concat("\n", lastEntry, oursAppended);
        var theirsPart = theirsAppended.Length == 0 ? basePart
            : theirsAppended == oursAppended ? oursPart
            : string.Concat("\n", lastEntry, theirsAppended);

        var baseTail = DocumentParser.EntriesFrom(basePart, 1, last.Kind, last.Level);
        if (baseTail is not { Entries.Count: 1 })
        {
            return null;
        }

        var oursTail = ReferenceEquals(oursPart, basePart) ? baseTail : DocumentParser.EntriesFrom(oursPart, 1, last.Kind, last.Level);
        var theirsTail = ReferenceEquals(theirsPart, basePart) ? baseTail
            : ReferenceEquals(theirsPart, oursPart) ? oursTail
            : DocumentParser.EntriesFrom(theirsPart, 1, last.Kind, last.Level);

        // Base's last entry must survive (a side may add blank lines to it, not change it): otherwise where
        // the result's entries meet base's head would depend on text the part leaves out.
        var lastKey = baseTail.Entries[0].Key;
        if (oursTail is null || theirsTail is null || oursTail.Entries[0].Key != lastKey || theirsTail.Entries[0].Key != lastKey)
        {
            return null;
        }

        // Documents of the parts, with the whole text's line ending; base's untouched head stands in for
        // their (empty) preamble.
        BankDocument Part(DocumentParser.EntriesPart part) => new(
            string.Empty,
            part.Entries,
            last.Kind,
            last.Level,
            DocumentParser.DominantLineEnding(last.CrLfBefore + part.CrLfCount, last.OtherLineEndsBefore + part.OtherLineEndCount));
        var baseDocument = Part(baseTail);
        var oursDocument = ReferenceEquals(oursTail, baseTail) ? baseDocument : Part(oursTail);
        var theirsDocument = ReferenceEquals(theirsTail, baseTail) ? baseDocument
            : ReferenceEquals(theirsTail, oursTail) ? oursDocument
            : Part(theirsTail);
        var layout = (last.Kind, last.Level);
        var merged = MergeDocuments(new Inputs(basePart, oursPart, theirsPart, baseDocument, oursDocument, theirsDocument, layout, 1), keepEntries: false);
        return new AppendedMerge(last.Start, merged.Result.Text[1..], merged.Result.Report, layout);
    }

    private static Outcome MergeDocuments(Inputs inputs, bool keepEntries)
    {
        var (@base, ours, theirs, layout) = (inputs.Base, inputs.Ours, inputs.Theirs, inputs.Layout);
        var keyNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var baseVersion = new Version(inputs.BaseDocument, keyNumbers, null);
        var oursVersion = ReferenceEquals(inputs.OursDocument, inputs.BaseDocument) ? baseVersion : new Version(inputs.OursDocument, keyNumbers, baseVersion);
        var theirsVersion = ReferenceEquals(inputs.TheirsDocument, inputs.BaseDocument) ? baseVersion
            : ReferenceEquals(inputs.TheirsDocument, inputs.OursDocument) ? oursVersion
            : new Version(inputs.TheirsDocument, keyNumbers, baseVersion);

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

        var ids = new List<long>(survivorIndexes.Count + oursAdditions.Count + theirsAdditions.Count);
        var emittedShared = new HashSet<long>();
        for (var gap = 0; gap < gapCount; gap++)
        {
            if (gap > 0)
            {
                ids.Add(baseVersion.Ids[survivorIndexes[gap - 1]]);
            }

            MergeRuns(oursRuns.At(gap), theirsRuns.At(gap), emittedShared, ids);
        }

        var entries = ChooseTexts(ids, baseVersion, oursVersion, theirsVersion);
        var lineEnding = ChooseLineEnding(baseVersion.Document, oursVersion.Document, theirsVersion.Document, ours, theirs);
        static string Body(Version version) => version.Document.Preamble[..BodyLength(version.Document.Preamble)];
        var (preambleBody, loser) = MergePreamble(Body(baseVersion), Body(oursVersion), Body(theirsVersion), ours, theirs, lineEnding);
        if (loser is not null)
        {
            report = report with { Losers = new[] { loser } };
        }

        var preamble = PreambleWithTrailer(preambleBody, ids.Count > 0 ? ids[0] : End, baseVersion, oursVersion, theirsVersion);
        var text = layout is { } entryLayout
            ? Join(@base, inputs.HeadLength, preamble, entries, ids, lineEnding, entryLayout, [baseVersion, oursVersion, theirsVersion])
            : string.Concat(@base.AsSpan(0, inputs.HeadLength), preamble);
        return new Outcome(new MergeResult(text, report), keepEntries ? entries : null, layout);
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
    private static List<Addition> CollectAdditions(Version side, Version @base, Dictionary<long, int> survivorOrdinals)
    {
        var additions = new List<Addition>();
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
                additions.Add(new Addition(id, gap, i));
            }
        }

        return additions;
    }

    private static List<Candidate> Candidates(
        List<Addition> additions,
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
                // Both sides added it: ordered by the ordinal-smaller text, whichever side is "ours".
                var oursEntry = ours.Document.Entries[ours.At[id]];
                var theirsEntry = theirs.Document.Entries[theirs.At[id]];
                var chosen = LineText.CompareOrdinal(oursEntry.Text, theirsEntry.Text) <= 0 ? oursEntry : theirsEntry;
                candidates.Add(new Candidate(id, gap, chosen, Shared: true));
            }
        }

        return candidates;
    }

    // The merge step of a merge sort over the two sides' runs for one gap: each run keeps its order, an
    // entry both sides added is written once, and it goes after whatever either side put before it (the
    // other side's head goes first while only one head is shared). Otherwise the smaller head goes first.
    private static void MergeRuns(Run a, Run b, HashSet<long> emittedShared, List<long> ids)
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
            else if (a[i].Shared != b[j].Shared)
            {
                next = a[i].Shared ? b[j++] : a[i++];
            }
            else
            {
                next = Compare(a[i].Entry, b[j].Entry) <= 0 ? a[i++] : b[j++];
            }

            if (next.Shared)
            {
                emittedShared.Add(next.Id);
            }

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

        var byKey = LineText.CompareOrdinal(a.Key, b.Key);
        return byKey != 0 ? byKey : LineText.CompareOrdinal(a.Text, b.Text);
    }

    // Each result entry's text: the body 3-way, the trailer by what follows the entry in the result.
    private static List<Entry> ChooseTexts(List<long> ids, Version @base, Version ours, Version theirs)
    {
        var entries = new List<Entry>(ids.Count);
        for (var k = 0; k < ids.Count; k++)
        {
            var id = ids[k];
            var baseCopy = Copy.Of(@base, id);
            var oursCopy = Copy.Of(ours, id);
            var theirsCopy = Copy.Of(theirs, id);
            var source = ChooseBody(baseCopy, oursCopy, theirsCopy);
            var trailer = ChooseTrailer(k + 1 < ids.Count ? ids[k + 1] : End, baseCopy, oursCopy, theirsCopy);
            entries.Add(WithTrailer(source.Text, trailer) is { } text ? new Entry(text, source.Kind, source.Timestamp) : source);
        }

        return entries;
    }

    // Same key, the body may still differ (line endings, trailing white space): a side that kept base's
    // body yields to the side that changed it; two changes resolve to the ordinal-smaller body. Equal
    // bodies are told apart by the whole text the same way, since the copy chosen also sets the line
    // ending of a trailer taken from elsewhere.
    private static Entry ChooseBody(Copy @base, Copy ours, Copy theirs)
    {
        if (ours.IsNone || theirs.IsNone)
        {
            return ours.IsNone ? theirs.Entry : ours.Entry;
        }

        var oursBody = Piece.BodyOf(ours);
        var theirsBody = Piece.BodyOf(theirs);
        var chosen = oursBody.Span.SequenceEqual(theirsBody.Span)
            ? Pick(Piece.Whole(@base), Piece.Whole(ours), Piece.Whole(theirs))
            : Pick(Piece.BodyOf(@base), oursBody, theirsBody);
        return ReferenceEquals(chosen.Text, ours.Entry.Text) ? ours.Entry : theirs.Entry;
    }

    // The separator after an entry, by the entry that follows it in the result (End for none).
    private static Piece ChooseTrailer(long next, Copy @base, Copy ours, Copy theirs)
    {
        var baseTrailer = Piece.TrailerOf(@base);

        // A side that has the same join: its trailer (3-way when both have it).
        var oursJoined = ours.Next == next ? Piece.TrailerOf(ours) : default;
        var theirsJoined = theirs.Next == next ? Piece.TrailerOf(theirs) : default;
        if (!oursJoined.IsNone || !theirsJoined.IsNone)
        {
            return Pick(baseTrailer, oursJoined, theirsJoined);
        }

        if (next == End)
        {
            return Pick(baseTrailer, Piece.TrailerOf(ours), Piece.TrailerOf(theirs));
        }

        // No side has this join. A copy followed by some entry has a separator; one that ends its file has
        // the file's end (maybe no final newline), so it takes the separator its file puts after the
        // entry before it.
        var oursSeparator = ours.Next != End ? Piece.TrailerOf(ours) : default;
        var theirsSeparator = theirs.Next != End ? Piece.TrailerOf(theirs) : default;
        if (!oursSeparator.IsNone || !theirsSeparator.IsNone)
        {
            return Pick(baseTrailer, oursSeparator, theirsSeparator);
        }

        var oursBefore = Piece.TrailerOf(ours.Previous);
        var theirsBefore = Piece.TrailerOf(theirs.Previous);
        return !oursBefore.IsNone || !theirsBefore.IsNone
            ? Pick(default, oursBefore, theirsBefore)
            : Pick(baseTrailer, Piece.TrailerOf(ours), Piece.TrailerOf(theirs));
    }

    // The merged preamble body and a trailer that, like an entry's, follows the first entry of the result
    // (End for none); 3-way when no side has that join.
    private static string PreambleWithTrailer(string body, long first, Version @base, Version ours, Version theirs)
    {
        static Piece Joined(Version version, long first) =>
            (version.Ids.Length > 0 ? version.Ids[0] : End) == first ? Piece.TrailerOf(version.Document.Preamble) : default;

        var baseTrailer = Piece.TrailerOf(@base.Document.Preamble);
        var oursJoined = Joined(ours, first);
        var theirsJoined = Joined(theirs, first);
        var trailer = !oursJoined.IsNone || !theirsJoined.IsNone
            ? Pick(baseTrailer, oursJoined, theirsJoined)
            : Pick(baseTrailer, Piece.TrailerOf(ours.Document.Preamble), Piece.TrailerOf(theirs.Document.Preamble));
        return WithTrailer(body, trailer) ?? body;
    }

    // The text's body followed by the trailer, or null when that is the text itself. A trailer taken from
    // another side is written with the line ending this text ends its body with, so that a side that
    // changed every line ending does not leave lines of both kinds in one entry.
    private static string? WithTrailer(string text, Piece trailer)
    {
        var bodyLength = BodyLength(text);
        var span = trailer.Span;
        if (span.SequenceEqual(text.AsSpan(bodyLength)))
        {
            return null;
        }

        var lineEnding = LineEndingAtBodyEnd(text, bodyLength);
        if (lineEnding is null || !HasOtherLineEnding(span, lineEnding))
        {
            return string.Concat(text.AsSpan(0, bodyLength), span);
        }

        var builder = new StringBuilder(bodyLength + (2 * span.Length)).Append(text, 0, bodyLength);
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] is '\r' or '\n')
            {
                i += span[i] == '\r' && i + 1 < span.Length && span[i + 1] == '\n' ? 1 : 0;
                builder.Append(lineEnding);
            }
            else
            {
                builder.Append(span[i]);
            }
        }

        var result = builder.ToString();
        return result == text ? null : result;
    }

    // The line ending that ends the body: the first one after it, else the last one in it; null for none.
    private static string? LineEndingAtBodyEnd(string text, int bodyLength)
    {
        var after = text.AsSpan(bodyLength).IndexOfAny('\r', '\n');
        var at = after >= 0 ? bodyLength + after : LineText.LastLineBreak(text.AsSpan(0, bodyLength));
        if (at < 0)
        {
            return null;
        }

        if (text[at] == '\r')
        {
            return at + 1 < text.Length && text[at + 1] == '\n' ? "\r\n" : "\r";
        }

        return at > 0 && text[at - 1] == '\r' ? "\r\n" : "\n";
    }

    private static bool HasOtherLineEnding(ReadOnlySpan<char> text, string lineEnding)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n')
            {
                var length = text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                if (!text.Slice(i, length).SequenceEqual(lineEnding))
                {
                    return true;
                }

                i += length - 1;
            }
        }

        return false;
    }

    // A 3-way choice between two sides' versions of a piece, either of which may be missing: equal or one
    // side only, that one; else the side that changed base's piece; else the ordinal-smaller one.
    private static Piece Pick(Piece @base, Piece ours, Piece theirs)
    {
        if (ours.IsNone || theirs.IsNone)
        {
            return ours.IsNone ? theirs : ours;
        }

        if (ours.Span.SequenceEqual(theirs.Span) || (!@base.IsNone && theirs.Span.SequenceEqual(@base.Span)))
        {
            return ours;
        }

        if (!@base.IsNone && ours.Span.SequenceEqual(@base.Span))
        {
            return theirs;
        }

        return LineText.CompareOrdinal(ours.Span, theirs.Span) <= 0 ? ours : theirs;
    }

    // Where the trailer starts: after the last line that holds more than spaces and tabs (before its line
    // ending); 0 when there is none.
    private static int BodyLength(string text)
    {
        var end = text.Length;
        while (end > 0)
        {
            var lineEnd = end;
            if (text[lineEnd - 1] == '\n')
            {
                lineEnd -= lineEnd > 1 && text[lineEnd - 2] == '\r' ? 2 : 1;
            }
            else if (text[lineEnd - 1] == '\r')
            {
                lineEnd--;
            }

            var lineStart = LineText.LastLineBreak(text.AsSpan(0, lineEnd)) + 1;
            if (LineText.FirstNonBlank(text.AsSpan(lineStart, lineEnd - lineStart)) >= 0)
            {
                return lineEnd;
            }

            end = lineStart;
        }

        return 0;
    }

    // Merges the preambles' bodies (their trailers follow the first entry, like entries' trailers).
    private static (string Preamble, LosingText? Loser) MergePreamble(string @base, string ours, string theirs, string oursText, string theirsText, string lineEnding)
    {
        if (ours == theirs || @base == theirs)
        {
            return (ours, null);
        }

        if (@base == ours)
        {
            return (theirs, null);
        }

        var oursStamp = UpdateStamp.TryRead(oursText);
        var theirsStamp = UpdateStamp.TryRead(theirsText);
        var order = UpdateStamp.Compare(oursStamp, theirsStamp);

        // Both changed it. When only one side changed more than the stamp line, nothing is lost: take the
        // later stamp line and that side's body.
        var (baseHead, baseBody) = SplitStampLine(@base);
        var (oursHead, oursBody) = SplitStampLine(ours);
        var (theirsHead, theirsBody) = SplitStampLine(theirs);
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

        var oursWins = order > 0 || (order == 0 && string.CompareOrdinal(ours, theirs) > 0);
        return oursWins
            ? (ours, new LosingText(MergeSide.Theirs, string.Empty, theirsText, theirsStamp))
            : (theirs, new LosingText(MergeSide.Ours, string.Empty, oursText, oursStamp));
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

    // Joins the pieces so the result parses back into exactly these entries, after the first headLength
    // characters of base (those the inputs share unchanged; none for a full merge). A join seen in an input
    // is known to parse. Any other join is checked by parsing just the two pieces: each entry starts a fresh
    // top-level block, so whether the second piece still starts an entry depends on nothing before the
    // first. An entry that would be swallowed (a setext heading, or an ordered item after a paragraph line)
    // gets a blank line before it.
    private static string Join(string @base, int headLength, string preamble, List<Entry> entries, List<long> ids, string lineEnding, (EntryKind Kind, int Level) layout, Version[] versions)
    {
        var pieces = new string[entries.Count + 1];
        pieces[0] = preamble;
        for (var k = 0; k < entries.Count; k++)
        {
            pieces[k + 1] = entries[k].Text;
        }

        for (var k = 0; k < entries.Count; k++)
        {
            // Nothing, or just a BOM, before the first entry: it starts the file's first line.
            if (pieces[k].Length == 0 || (k == 0 && pieces[k] == "\uFEFF"))
            {
                continue;
            }

            var terminated = EndsWithTerminator(pieces[k]);
            if (!terminated)
            {
                pieces[k] += lineEnding;
            }

            // A blank line is all a join ever adds, so a piece that ends with one needs no check.
            if ((terminated && SeenInAnInput(k, pieces, ids, versions)) || EndsWithBlankLine(pieces[k])
                || (k > 0 && DocumentParser.StartsEntryAfter(pieces[k], pieces[k + 1], layout.Kind, layout.Level)))
            {
                continue;
            }

            var starts = DocumentParser.EntryStarts(pieces[k] + pieces[k + 1], layout.Kind, layout.Level);
            if (!starts.Contains(pieces[k].Length))
            {
                pieces[k] += lineEnding;
            }
        }

        var length = headLength;
        for (var k = 0; k < entries.Count; k++)
        {
            length += pieces[k].Length;
            if (!ReferenceEquals(pieces[k + 1], entries[k].Text))
            {
                entries[k] = new Entry(pieces[k + 1], entries[k].Kind, entries[k].Timestamp);
            }
        }

        length += pieces[^1].Length;
        var result = new StringBuilder(length);
        result.Append(@base.AsSpan(0, headLength));
        foreach (var piece in pieces)
        {
            result.Append(piece);
        }

        return result.ToString();
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

    /// <summary>The result of <see cref="MergeAppended(string, string, string)"/>: base's first <paramref name="HeadLength"/> characters, then <paramref name="Tail"/>.</summary>
    /// <param name="HeadLength">How much of base the result starts with, unchanged.</param>
    /// <param name="Tail">The merged text that follows it.</param>
    /// <param name="Report">What the merge did.</param>
    /// <param name="Layout">How the entries are delimited: entry kind and section level.</param>
    public sealed record AppendedMerge(int HeadLength, string Tail, MergeReport Report, (EntryKind Kind, int Level) Layout);

    /// <summary>The merge result and the entries it was joined from, for tests of the entry structure.</summary>
    /// <param name="Result">What <see cref="Merge"/> returns.</param>
    /// <param name="Entries">The result's entries in order, or null when an input was returned as is.</param>
    /// <param name="Layout">How the inputs were read: entry kind and section level; null when no input has entries.</param>
    internal sealed record Outcome(MergeResult Result, IReadOnlyList<Entry>? Entries, (EntryKind Kind, int Level)? Layout);

    // An entry added on one side, or on both (Shared), waiting for its gap. Classes rather than structs, here
    // and in Addition: List<T> code over a struct of ours is JIT-compiled in every merge-driver process.
    private sealed record Candidate(long Id, int Gap, Entry Entry, bool Shared);

    // An entry a side has and base lacks: its identity, the gap it belongs to, and its index in the side.
    private sealed record Addition(long Id, int Gap, int Index);

    // The candidates of one side for one gap, in the side's order.
    private readonly struct Run(Candidate[] items, int start, int count)
    {
        public int Count => count;

        public Candidate this[int index] => items[start + index];
    }

    // What a merge reads: the three texts, their documents in one layout, and how much of base's head the
    // documents leave out (shared unchanged by all three; 0 for a full merge).
    private sealed record Inputs(
        string Base,
        string Ours,
        string Theirs,
        BankDocument BaseDocument,
        BankDocument OursDocument,
        BankDocument TheirsDocument,
        (EntryKind Kind, int Level)? Layout,
        int HeadLength);

    // One version's copy of an entry, with the identities of the entries around it; none when the version
    // lacks the entry.
    private readonly struct Copy
    {
        private readonly Version? _version;
        private readonly int _index;

        private Copy(Version version, int index)
        {
            _version = version;
            _index = index;
        }

        public bool IsNone => _version is null;

        public Entry Entry => _version!.Document.Entries[_index];

        // The identity of the entry after it in its version, End when it is the last, -1 when there is no copy.
        public long Next => _version is null ? -1 : _index + 1 < _version.Ids.Length ? _version.Ids[_index + 1] : End;

        public Entry? Previous => _version is null || _index == 0 ? null : _version.Document.Entries[_index - 1];

        public static Copy Of(Version version, long id) => version.At.TryGetValue(id, out var index) ? new Copy(version, index) : default;
    }

    // A span of a piece of text (an entry's body or trailer); none when the version has no such piece.
    private readonly record struct Piece(string? Text, int Start, int Length)
    {
        public bool IsNone => Text is null;

        public ReadOnlySpan<char> Span => Text.AsSpan(Start, Length);

        public static Piece Whole(Copy copy) => copy.IsNone ? default : new Piece(copy.Entry.Text, 0, copy.Entry.Text.Length);

        public static Piece BodyOf(Copy copy) => copy.IsNone ? default : new Piece(copy.Entry.Text, 0, BodyLength(copy.Entry.Text));

        public static Piece TrailerOf(Copy copy) => copy.IsNone ? default : TrailerOf(copy.Entry);

        public static Piece TrailerOf(Entry? entry) => entry is null ? default : TrailerOf(entry.Text);

        public static Piece TrailerOf(string text)
        {
            var body = BodyLength(text);
            return new Piece(text, body, text.Length - body);
        }
    }

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
                if (!keyNumbers.TryGetValue(entries[i].Key, out var number))
                {
                    number = keyNumbers.Count;
                    keyNumbers.Add(entries[i].Key, number);
                }

                occurrences.TryGetValue(number, out var occurrence);
                occurrences[number] = ++occurrence;
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

        public Run At(int gap) => new(_items, _starts[gap], _starts[gap + 1] - _starts[gap]);
    }
}
