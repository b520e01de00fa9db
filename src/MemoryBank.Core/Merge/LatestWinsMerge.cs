using System.Text;

namespace MemoryBank.Core.Merge;

/// <summary>
/// The <c>theirs</c> strategy (used for <c>activeContext.md</c>): a 3-way merge per <c>##</c> section where a
/// section changed on both sides goes to the side with the later update stamp. The decision depends on the
/// stamps, never on which side git calls "ours", so a merge and a rebase agree and
/// <c>Merge(b, o, t).Text == Merge(b, t, o).Text</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each text splits into a head (everything before the first <c>##</c> heading: BOM, stamp line and
/// preamble) and sections (a <c>##</c> heading line and the lines up to the next one). <c>##</c> lines inside
/// fenced code are not headings. Sections match across the inputs by their trimmed heading line and, for
/// repeated headings, by occurrence. A file with no <c>##</c> heading is all head, so it merges as one piece.
/// </para>
/// <para>
/// Per section: changed on one side takes that side; changed on both takes the winner (the later stamp, a
/// missing stamp being oldest; equal stamps fall back to the ordinal-larger whole file text); removed on one
/// side and changed on the other is kept. Two versions that differ only in one final line terminator count as
/// the same. The result carries the winner's stamp line, follows the winner's section order, and lists each
/// losing section in <see cref="MergeReport.Losers"/> with the loser's whole file.
/// </para>
/// </remarks>
public sealed class LatestWinsMerge : IMergeStrategy
{
    /// <inheritdoc />
    public MergeResult Merge(string @base, string ours, string theirs)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);

        var baseText = SectionedText.Parse(@base);
        var oursText = SectionedText.Parse(ours);
        var theirsText = SectionedText.Parse(theirs);
        var oursWins = OursWins(oursText, theirsText);
        var merged = MergeSections(baseText, oursText, theirsText, oursWins);

        // When a side did not change the file at all, git's answer is the other side, stamp and all; the full
        // merge would still pick the later stamp line, so take the shortcut for the text (the report is the same).
        if (string.Equals(ours, theirs, StringComparison.Ordinal) || string.Equals(@base, theirs, StringComparison.Ordinal))
        {
            return merged with { Text = ours };
        }

        if (string.Equals(@base, ours, StringComparison.Ordinal))
        {
            return merged with { Text = theirs };
        }

        return merged;
    }

    /// <summary>The later stamp wins; equal (or both missing) stamps fall back to the ordinal-larger text.</summary>
    private static bool OursWins(SectionedText ours, SectionedText theirs)
    {
        var byStamp = UpdateStamp.Compare(ours.Stamp, theirs.Stamp);
        return byStamp != 0 ? byStamp > 0 : string.CompareOrdinal(ours.Text, theirs.Text) > 0;
    }

    private static MergeResult MergeSections(SectionedText @base, SectionedText ours, SectionedText theirs, bool oursWins)
    {
        var winner = oursWins ? ours : theirs;
        var loser = oursWins ? theirs : ours;
        var loserSide = oursWins ? MergeSide.Theirs : MergeSide.Ours;

        var head = Decide(@base.Head, ours.Head, theirs.Head, oursWins);

        var decisions = new Dictionary<SectionKey, Decision>();
        foreach (var key in @base.Keys.Concat(ours.Keys).Concat(theirs.Keys))
        {
            if (!decisions.ContainsKey(key))
            {
                decisions[key] = Decide(@base.Find(key)?.Text, ours.Find(key)?.Text, theirs.Find(key)?.Text, oursWins);
            }
        }

        var order = Order(winner, loser, decisions);

        var pieces = new List<string>(order.Count + 2);
        if (winner.StampLine is not null)
        {
            pieces.Add(winner.StampLine);
        }

        pieces.Add(head.Text ?? string.Empty);
        pieces.AddRange(order.Select(key => decisions[key].Text!));

        var losers = new List<LosingText>();
        if (head.HasLoser)
        {
            losers.Add(new LosingText(loserSide, string.Empty, loser.Text, loser.Stamp));
        }

        foreach (var key in order.Where(key => decisions[key].HasLoser))
        {
            losers.Add(new LosingText(loserSide, loser.Find(key)!.HeadingLine, loser.Text, loser.Stamp));
        }

        var all = decisions.Values.Prepend(head).Where(d => d.Text is not null).ToList();
        var report = new MergeReport(
            AddedFromOurs: all.Count(d => d.OnlyChangedBy == MergeSide.Ours),
            AddedFromTheirs: all.Count(d => d.OnlyChangedBy == MergeSide.Theirs),
            Removed: @base.Keys.Count(key => decisions[key].Text is null),
            Losers: losers);

        var bom = MergeFlag(@base.HasBom, ours.HasBom, theirs.HasBom);
        return new MergeResult(Join(bom, pieces, winner, loser), report);
    }

    /// <summary>The 3-way decision for one section (or the head); null text means absent.</summary>
    private static Decision Decide(string? @base, string? ours, string? theirs, bool oursWins)
    {
        if (SameContent(ours, theirs))
        {
            if (SameContent(ours, @base))
            {
                return new Decision(@base, null, false);
            }

            // Both made the same change; when they differ only in the final line terminator, pick one symmetrically.
            return new Decision(string.Equals(ours, theirs, StringComparison.Ordinal) || oursWins ? ours : theirs, null, false);
        }

        if (SameContent(ours, @base))
        {
            return new Decision(theirs, MergeSide.Theirs, false);
        }

        if (SameContent(theirs, @base))
        {
            return new Decision(ours, MergeSide.Ours, false);
        }

        // Changed on both sides. A removal never beats an edit, so no edit is lost.
        if (ours is null)
        {
            return new Decision(theirs, MergeSide.Theirs, false);
        }

        if (theirs is null)
        {
            return new Decision(ours, MergeSide.Ours, false);
        }

        return new Decision(oursWins ? ours : theirs, null, true);
    }

    /// <summary>
    /// The winner's section order, with sections only the loser brings inserted after their predecessor in the
    /// loser's order (or first, when nothing precedes them).
    /// </summary>
    private static List<SectionKey> Order(SectionedText winner, SectionedText loser, Dictionary<SectionKey, Decision> decisions)
    {
        var order = winner.Keys.Where(key => decisions[key].Text is not null).ToList();
        var placed = new HashSet<SectionKey>(order);
        var anchor = -1;
        foreach (var key in loser.Keys)
        {
            if (placed.Contains(key))
            {
                anchor = order.IndexOf(key);
            }
            else if (decisions[key].Text is not null)
            {
                order.Insert(++anchor, key);
                placed.Add(key);
            }
        }

        return order;
    }

    /// <summary>A 3-way merge of a yes/no property: a side that changed it wins (both changing it agree).</summary>
    private static bool MergeFlag(bool @base, bool ours, bool theirs) => ours == @base ? theirs : ours;

    /// <summary>Concatenates the pieces, adding a line terminator where a piece does not end with one.</summary>
    private static string Join(bool bom, List<string> pieces, SectionedText winner, SectionedText loser)
    {
        var builder = new StringBuilder();
        if (bom)
        {
            builder.Append('\uFEFF');
        }

        string? previous = null;
        foreach (var piece in pieces.Where(p => p.Length > 0))
        {
            if (previous is not null && !previous.EndsWith('\n'))
            {
                builder.Append(LineEnding(previous) ?? LineEnding(winner.Text) ?? LineEnding(loser.Text) ?? "\n");
            }

            builder.Append(piece);
            previous = piece;
        }

        return builder.ToString();
    }

    /// <summary>The first line terminator in <paramref name="text"/>, or null when it has none.</summary>
    private static string? LineEnding(string text)
    {
        var newline = text.IndexOf('\n');
        return newline < 0 ? null : newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
    }

    /// <summary>
    /// Equal apart from one final line terminator: appending a section after the last one adds a newline to it,
    /// which is not an edit.
    /// </summary>
    private static bool SameContent(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return TrimFinalLineEnd(a).SequenceEqual(TrimFinalLineEnd(b));
    }

    private static ReadOnlySpan<char> TrimFinalLineEnd(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text.AsSpan(0, text.Length - 2)
        : text.EndsWith('\n') ? text.AsSpan(0, text.Length - 1)
        : text.AsSpan();

    /// <summary>The outcome for one piece: its text (null when absent), who alone changed it, and whether a side lost.</summary>
    private readonly record struct Decision(string? Text, MergeSide? OnlyChangedBy, bool HasLoser);

    /// <summary>Identifies a section across inputs: the trimmed heading line and its occurrence among equal headings.</summary>
    private readonly record struct SectionKey(string Heading, int Occurrence);

    /// <summary>One <c>##</c> section: its key, heading line (no line terminator) and full text.</summary>
    private sealed record Section(SectionKey Key, string HeadingLine, string Text);

    /// <summary>A text split into BOM, stamp line, head and sections; concatenated they give back the text.</summary>
    private sealed class SectionedText
    {
        private readonly Dictionary<SectionKey, Section> _byKey = new();

        private SectionedText(string text, bool hasBom, string? stampLine, UpdateStamp? stamp, string head, List<Section> sections)
        {
            Text = text;
            HasBom = hasBom;
            StampLine = stampLine;
            Stamp = stamp;
            Head = head;
            Keys = sections.Select(s => s.Key).ToList();
            foreach (var section in sections)
            {
                _byKey[section.Key] = section;
            }
        }

        public string Text { get; }

        public bool HasBom { get; }

        /// <summary>The stamp line including its line terminator, or null when the file has no stamp.</summary>
        public string? StampLine { get; }

        public UpdateStamp? Stamp { get; }

        /// <summary>The text between the stamp line and the first section.</summary>
        public string Head { get; }

        public IReadOnlyList<SectionKey> Keys { get; }

        public Section? Find(SectionKey key) => _byKey.GetValueOrDefault(key);

        public static SectionedText Parse(string text)
        {
            var hasBom = text.StartsWith('\uFEFF');
            var position = hasBom ? 1 : 0;

            string? stampLine = null;
            var stamp = UpdateStamp.TryRead(text);
            if (stamp is not null)
            {
                var end = LineEnd(text, position);
                stampLine = text[position..end];
                position = end;
            }

            var headStart = position;
            var head = (string?)null;
            var sections = new List<Section>();
            var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            var fence = new FenceTracker();
            var sectionStart = -1;
            var headingLine = string.Empty;
            var key = default(SectionKey);

            while (position < text.Length)
            {
                var end = LineEnd(text, position);
                var line = text.AsSpan(position, end - position).TrimEnd("\r\n");
                if (!fence.Consume(line) && IsSectionHeading(line))
                {
                    if (sectionStart < 0)
                    {
                        head = text[headStart..position];
                    }
                    else
                    {
                        sections.Add(new Section(key, headingLine, text[sectionStart..position]));
                    }

                    headingLine = line.TrimEnd().ToString();
                    var heading = line.Trim().ToString();
                    var occurrence = occurrences.GetValueOrDefault(heading);
                    occurrences[heading] = occurrence + 1;
                    key = new SectionKey(heading, occurrence);
                    sectionStart = position;
                }

                position = end;
            }

            if (sectionStart < 0)
            {
                head = text[headStart..];
            }
            else
            {
                sections.Add(new Section(key, headingLine, text[sectionStart..]));
            }

            return new SectionedText(text, hasBom, stampLine, stamp, head!, sections);
        }

        /// <summary>The index just past the line starting at <paramref name="start"/>, including its <c>\n</c>.</summary>
        private static int LineEnd(string text, int start)
        {
            var newline = text.IndexOf('\n', start);
            return newline < 0 ? text.Length : newline + 1;
        }

        /// <summary>An ATX level-2 heading: up to three spaces, <c>##</c>, then a space, a tab or the line end.</summary>
        private static bool IsSectionHeading(ReadOnlySpan<char> line)
        {
            var rest = SkipIndent(line);
            if (rest.IsEmpty || !rest.StartsWith("##", StringComparison.Ordinal))
            {
                return false;
            }

            return rest.Length == 2 || rest[2] == ' ' || rest[2] == '\t';
        }

        /// <summary>Strips up to three leading spaces; returns empty when the line is indented code (four or more).</summary>
        internal static ReadOnlySpan<char> SkipIndent(ReadOnlySpan<char> line)
        {
            var spaces = 0;
            while (spaces < line.Length && line[spaces] == ' ')
            {
                spaces++;
            }

            return spaces > 3 ? ReadOnlySpan<char>.Empty : line[spaces..];
        }
    }

    /// <summary>Follows CommonMark fenced code blocks (<c>```</c> or <c>~~~</c>) line by line.</summary>
    private struct FenceTracker
    {
        private char _marker;
        private int _length;

        /// <summary>Returns true when <paramref name="line"/> opens, closes or lies inside a fenced code block.</summary>
        public bool Consume(ReadOnlySpan<char> line)
        {
            var rest = SectionedText.SkipIndent(line);
            if (_length > 0)
            {
                var run = Run(rest, _marker);
                if (run >= _length && rest[run..].IsWhiteSpace())
                {
                    _length = 0;
                }

                return true;
            }

            if (rest.IsEmpty || (rest[0] != '`' && rest[0] != '~'))
            {
                return false;
            }

            var marker = rest[0];
            var length = Run(rest, marker);

            // A backtick fence's info string cannot contain a backtick (that is inline code instead).
            if (length < 3 || (marker == '`' && rest[length..].Contains('`')))
            {
                return false;
            }

            _marker = marker;
            _length = length;
            return true;
        }

        private static int Run(ReadOnlySpan<char> text, char marker)
        {
            var count = 0;
            while (count < text.Length && text[count] == marker)
            {
                count++;
            }

            return count;
        }
    }
}
