using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace MemoryBank.Core.Markdown;

/// <summary>
/// Splits a bank file into a preamble and ordered entries, keeping every byte: the pieces concatenate back
/// to the original text exactly.
/// </summary>
/// <remarks>
/// <para>
/// The title is the first top-level block when it is a level-1 heading (HTML blocks such as the stamp
/// comment, YAML front matter and link reference definitions before it are skipped). When the file has any
/// other top-level heading, entries are the heading sections at the smallest level among those headings,
/// and everything before the first of them is preamble. Otherwise entries are the top-level list items;
/// everything before the first item is preamble, and other top-level blocks after an item belong to it.
/// </para>
/// <para>
/// Only block structure decides entries, so inline parsing is switched off; a pipe table is kept as the
/// paragraph it is at block level, which never changes where entries start. Cut points are line starts in
/// the original string (<c>\r\n</c>, <c>\n</c> and a lone <c>\r</c> end a line, as in Markdig), so no
/// byte is normalised away.
/// </para>
/// </remarks>
public static class DocumentParser
{
    private static readonly MarkdownPipeline s_pipeline = CreatePipeline();

    /// <summary>Parses <paramref name="text"/>; never throws for any string.</summary>
    public static BankDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Build(text, Outline.Of(text, 0), null);
    }

    /// <summary>
    /// Parses <paramref name="text"/> with a given entry layout instead of the one its own headings
    /// imply: sections at <paramref name="level"/> (the title excepted), or top-level list items. Merges
    /// use it when one version's layout drifted (a section file whose sections were all harvested reads
    /// as a list file when its preamble holds a list).
    /// </summary>
    internal static BankDocument Parse(string text, EntryKind kind, int level)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Build(text, Outline.Of(text, 0), (kind, kind == EntryKind.Section ? level : 0));
    }

    /// <summary>
    /// Parses <paramref name="text"/>, reusing the parse of <paramref name="knownText"/> for the entries
    /// that lie wholly inside their common head; gives the same document as <see cref="Parse(string)"/>.
    /// </summary>
    /// <remarks>
    /// A merge parses three versions that mostly share a long head (a session log with a few new entries
    /// per side). Each entry starts a fresh top-level block, so parsing can restart at the last entry that
    /// is fully shared; only the rest is parsed. A first line that is a whole HTML comment (the stamp,
    /// rewritten on every save) is a block of its own, so it is compared apart from the rest. When the new
    /// part would change the file's layout (a shallower heading, a heading in a list file) the whole text
    /// is parsed.
    /// </remarks>
    internal static BankDocument ParseReusing(string text, string knownText, BankDocument known)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(knownText);
        ArgumentNullException.ThrowIfNull(known);

        var textHead = CommentLineLength(text);
        var knownHead = CommentLineLength(knownText);
        if (known.EntryKind is not { } kind || known.Preamble.Length < knownHead)
        {
            return Parse(text);
        }

        // Offsets below are into knownText; the same content sits at (offset - knownHead + textHead) in text.
        var common = knownHead + text.AsSpan(textHead).CommonPrefixLength(knownText.AsSpan(knownHead));
        var start = known.Preamble.Length;
        var restart = -1;
        var reused = 0;
        for (var i = 0; i < known.Entries.Count; i++)
        {
            var end = start + known.Entries[i].Text.Length;
            if (end > common)
            {
                break;
            }

            // Keep at least one shared entry before the restart, so the shared head fixes the title and
            // the section level exactly as in the known text.
            if (i >= 1)
            {
                restart = start;
                reused = i;
            }

            start = end;
        }

        if (restart < 0)
        {
            return Parse(text);
        }

        restart += textHead - knownHead;
        var outline = Outline.Of(text, restart);
        foreach (var block in outline.Blocks)
        {
            if (block.Level > 0 && (kind == EntryKind.ListItem || block.Level < known.EntryHeadingLevel))
            {
                return Parse(text);
            }
        }

        var cuts = outline.Cut(kind, known.EntryHeadingLevel);
        if (cuts.Count == 0 || cuts[0] != restart)
        {
            return Parse(text);
        }

        var entries = new Entry[reused + cuts.Count];
        for (var i = 0; i < reused; i++)
        {
            entries[i] = known.Entries[i];
        }

        AddEntries(text, cuts, kind, entries, reused);
        var preamble = textHead == knownHead && text.AsSpan(0, textHead).SequenceEqual(knownText.AsSpan(0, knownHead))
            ? known.Preamble
            : text[..(known.Preamble.Length - knownHead + textHead)];
        return new BankDocument(preamble, entries, kind, known.EntryHeadingLevel, LineEndingOf(text));
    }

    /// <summary>
    /// The offsets where <paramref name="text"/>'s entries start when read with a given layout, as
    /// <see cref="Parse(string, EntryKind, int)"/> cuts them, without building the entries.
    /// </summary>
    internal static IReadOnlyList<int> EntryStarts(string text, EntryKind kind, int level)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Outline.Of(text, 0).Cut(kind, kind == EntryKind.Section ? level : 0);
    }

    /// <summary>
    /// The first ISO-8601 date or date-time in the first line of <paramref name="text"/>, in UTC when it
    /// has no offset; null when there is none or the first one is not a real date (2026-13-45).
    /// </summary>
    /// <remarks>
    /// Reads <c>yyyy-MM-dd</c>, optionally followed by <c>T</c> or a space and <c>HH:mm</c>, <c>:ss</c>,
    /// <c>.fff…</c> and <c>Z</c> or <c>±hh[:]mm</c>, not inside a longer run of digits. Scanned by hand
    /// rather than with a regular expression: it runs once per entry on every merge.
    /// </remarks>
    internal static DateTimeOffset? ReadTimestamp(string text)
    {
        var line = text.AsSpan();
        var lineEnd = line.IndexOfAny('\r', '\n');
        if (lineEnd >= 0)
        {
            line = line[..lineEnd];
        }

        for (var dash = line.IndexOf('-'); dash >= 0; dash = NextDash(line, dash))
        {
            var start = dash - 4;
            if (start < 0 || (start > 0 && IsDigit(line, start - 1)) || !AreDigits(line, start, 4)
                || !AreDigits(line, dash + 1, 2) || At(line, dash + 3) != '-' || !AreDigits(line, dash + 4, 2))
            {
                continue;
            }

            // The longest reading not followed by another digit wins, as a backtracking pattern would.
            var parts = new TimestampParts { Year = Two(line, start) * 100 + Two(line, start + 2), Month = Two(line, dash + 1), Day = Two(line, dash + 4) };
            var end = dash + 6;
            var best = IsDigit(line, end) ? -1 : end;
            var withTime = parts;
            if (At(line, end) is 'T' or ' ' && AreDigits(line, end + 1, 2) && At(line, end + 3) == ':' && AreDigits(line, end + 4, 2))
            {
                withTime.Hour = Two(line, end + 1);
                withTime.Minute = Two(line, end + 4);
                end += 6;
                if (!IsDigit(line, end))
                {
                    (best, parts) = (end, withTime);
                }

                if (At(line, end) == ':' && AreDigits(line, end + 1, 2))
                {
                    withTime.Second = Two(line, end + 1);
                    end += 3;
                    if (At(line, end) == '.' && IsDigit(line, end + 1))
                    {
                        var digits = end + 1;
                        while (IsDigit(line, digits))
                        {
                            digits++;
                        }

                        withTime.Ticks = FractionTicks(line[(end + 1)..digits]);
                        end = digits;
                    }

                    if (!IsDigit(line, end))
                    {
                        (best, parts) = (end, withTime);
                    }
                }

                var zoneEnd = ReadZone(line, end, out var offset);
                if (zoneEnd > end && !IsDigit(line, zoneEnd))
                {
                    withTime.Offset = offset;
                    (best, parts) = (zoneEnd, withTime);
                }
            }

            if (best < 0)
            {
                continue;
            }

            return parts.ToDateTimeOffset();
        }

        return null;
    }

    private static BankDocument Build(string text, Outline outline, (EntryKind Kind, int Level)? layout)
    {
        var (kind, level) = layout ?? outline.ImpliedLayout();
        var cuts = outline.Cut(kind, level);
        if (cuts.Count == 0)
        {
            return new BankDocument(text, Array.Empty<Entry>(), null, 0, outline.LineEnding);
        }

        var entries = new Entry[cuts.Count];
        AddEntries(text, cuts, kind, entries, 0);
        return new BankDocument(text[..cuts[0]], entries, kind, level, outline.LineEnding);
    }

    private static void AddEntries(string text, List<int> cuts, EntryKind kind, Entry[] entries, int first)
    {
        for (var i = 0; i < cuts.Count; i++)
        {
            var end = i + 1 < cuts.Count ? cuts[i + 1] : text.Length;
            var entryText = text[cuts[i]..end];
            entries[first + i] = new Entry(entryText, kind, ReadTimestamp(entryText));
        }
    }

    private static MarkdownPipeline CreatePipeline()
    {
        // Front matter would otherwise read as a thematic break and a setext heading, and turn a list file
        // into a section file.
        var builder = new MarkdownPipelineBuilder().UseYamlFrontMatter();
        builder.InlineParsers.Clear();
        return builder.Build();
    }

    // The length of a BOM and a first line that is a whole HTML comment (with its line ending), or of
    // the BOM alone. Such a line is an HTML block that ends on that line, so what follows parses the same
    // whatever the comment says.
    private static int CommentLineLength(string text)
    {
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = text.AsSpan(start);
        var end = line.IndexOfAny('\r', '\n');
        if (end < 0 || !line.StartsWith("<!--", StringComparison.Ordinal) || line[..end].IndexOf("-->", StringComparison.Ordinal) < 0)
        {
            return start;
        }

        return start + end + (line[end] == '\r' && end + 1 < line.Length && line[end + 1] == '\n' ? 2 : 1);
    }

    // "\r\n" when CRLF ends most lines, else "\n"; a lone "\r" counts as a line end that is not CRLF.
    private static string LineEndingOf(string text)
    {
        var crlf = 0;
        var other = 0;
        var rest = text.AsSpan();
        for (var found = rest.IndexOfAny('\r', '\n'); found >= 0; found = rest.IndexOfAny('\r', '\n'))
        {
            if (rest[found] == '\r' && found + 1 < rest.Length && rest[found + 1] == '\n')
            {
                crlf++;
                rest = rest[(found + 2)..];
            }
            else
            {
                other++;
                rest = rest[(found + 1)..];
            }
        }

        return crlf > other ? "\r\n" : "\n";
    }

    private static int NextDash(ReadOnlySpan<char> line, int dash)
    {
        var next = line[(dash + 1)..].IndexOf('-');
        return next < 0 ? -1 : dash + 1 + next;
    }

    private static char At(ReadOnlySpan<char> line, int index) => index >= 0 && index < line.Length ? line[index] : '\0';

    private static bool IsDigit(ReadOnlySpan<char> line, int index) => char.IsAsciiDigit(At(line, index));

    private static bool AreDigits(ReadOnlySpan<char> line, int index, int count)
    {
        for (var i = index; i < index + count; i++)
        {
            if (!IsDigit(line, i))
            {
                return false;
            }
        }

        return true;
    }

    private static int Two(ReadOnlySpan<char> line, int index) => ((line[index] - '0') * 10) + (line[index + 1] - '0');

    // Ticks are 100 ns: seven digits at most count.
    private static long FractionTicks(ReadOnlySpan<char> digits)
    {
        var ticks = 0L;
        for (var i = 0; i < 7; i++)
        {
            ticks = (ticks * 10) + (i < digits.Length ? digits[i] - '0' : 0);
        }

        return ticks;
    }

    // "Z", "+hh:mm" or "+hhmm" at index; returns where it ends, or index when there is none. An offset
    // beyond ±14:00 reads as none: "14:00-15:30" is a time range more often than an offset of -15:30.
    private static int ReadZone(ReadOnlySpan<char> line, int index, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (At(line, index) == 'Z')
        {
            return index + 1;
        }

        if (At(line, index) is not ('+' or '-') || !AreDigits(line, index + 1, 2))
        {
            return index;
        }

        var minutesAt = At(line, index + 3) == ':' ? index + 4 : index + 3;
        if (!AreDigits(line, minutesAt, 2))
        {
            return index;
        }

        var hours = Two(line, index + 1);
        var minutes = Two(line, minutesAt);
        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
        {
            return index;
        }

        offset = new TimeSpan(hours, minutes, 0) * (line[index] == '-' ? -1 : 1);
        return minutesAt + 2;
    }

    /// <summary>A top-level heading (level 1–6) or list item (level 0), by the offset of its first line.</summary>
    private readonly record struct TopBlock(int Offset, int Level);

    /// <summary>
    /// The top-level headings and list items of a text from a given line start onwards, with offsets into
    /// the whole text, and which heading (if any) is the title.
    /// </summary>
    private sealed class Outline
    {
        private Outline(List<TopBlock> blocks, int titleIndex, string lineEnding)
        {
            Blocks = blocks;
            TitleIndex = titleIndex;
            LineEnding = lineEnding;
        }

        public List<TopBlock> Blocks { get; }

        /// <summary>The index in <see cref="Blocks"/> of the title heading, or -1.</summary>
        public int TitleIndex { get; }

        /// <summary>The dominant line ending of the outlined part.</summary>
        public string LineEnding { get; }

        public static Outline Of(string text, int from)
        {
            // Markdig reads a BOM as text, so parse without it; its line numbers are unchanged because a
            // BOM is not a line terminator. The first line starts after the BOM, so the BOM always stays in
            // the preamble.
            var start = from == 0 && text.Length > 0 && text[0] == '\uFEFF' ? 1 : from;
            var lines = LineTable.Build(text, start);
            var blocks = new List<TopBlock>();
            var titleIndex = -1;
            if (start == text.Length)
            {
                return new Outline(blocks, titleIndex, lines.LineEnding);
            }

            var document = Markdig.Markdown.Parse(start == 0 ? text : text[start..], s_pipeline);
            var seenFirst = false;
            foreach (var block in document)
            {
                if (!seenFirst && block is not (HtmlBlock or YamlFrontMatterBlock or LinkReferenceDefinitionGroup))
                {
                    seenFirst = true;
                    if (block is HeadingBlock { Level: 1 } && from == 0)
                    {
                        titleIndex = blocks.Count;
                    }
                }

                if (block is HeadingBlock heading)
                {
                    // A setext heading's Line is its underline; its span starts on its first text line.
                    var line = heading.IsSetext ? lines.LineOf(heading.Span.Start + start) : heading.Line;
                    blocks.Add(new TopBlock(lines.StartOf(line), heading.Level));
                }
                else if (block is ListBlock list)
                {
                    foreach (var item in list)
                    {
                        blocks.Add(new TopBlock(lines.StartOf(item.Line), 0));
                    }
                }
            }

            return new Outline(blocks, titleIndex, lines.LineEnding);
        }

        /// <summary>Sections at the smallest heading level other than the title; list items when there is no such heading.</summary>
        public (EntryKind Kind, int Level) ImpliedLayout()
        {
            var minimum = int.MaxValue;
            for (var i = 0; i < Blocks.Count; i++)
            {
                if (Blocks[i].Level > 0 && i != TitleIndex)
                {
                    minimum = Math.Min(minimum, Blocks[i].Level);
                }
            }

            return minimum == int.MaxValue ? (EntryKind.ListItem, 0) : (EntryKind.Section, minimum);
        }

        /// <summary>Where entries start under a layout: increasing offsets, never two on one line.</summary>
        public List<int> Cut(EntryKind kind, int level)
        {
            var cuts = new List<int>();
            var previous = -1;
            for (var i = 0; i < Blocks.Count; i++)
            {
                var block = Blocks[i];
                var starts = kind == EntryKind.Section ? block.Level == level && i != TitleIndex : block.Level == 0;
                if (starts && block.Offset > previous)
                {
                    cuts.Add(block.Offset);
                    previous = block.Offset;
                }
            }

            return cuts;
        }
    }

    /// <summary>
    /// Line start offsets in the original text, counting <c>\r\n</c>, <c>\n</c> and a lone <c>\r</c> as
    /// terminators exactly as Markdig does, so Markdig's line numbers (counted from the parsed start)
    /// index this table.
    /// </summary>
    private sealed class LineTable
    {
        private readonly List<int> _starts;

        private LineTable(List<int> starts, string lineEnding)
        {
            _starts = starts;
            LineEnding = lineEnding;
        }

        public string LineEnding { get; }

        public static LineTable Build(string text, int start)
        {
            var starts = new List<int>(Math.Max(16, (text.Length - start) / 48)) { start };
            var crlf = 0;
            var other = 0;
            var position = start;
            while (position < text.Length)
            {
                var found = text.AsSpan(position).IndexOfAny('\r', '\n');
                if (found < 0)
                {
                    break;
                }

                position += found;
                if (text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n')
                {
                    crlf++;
                    position += 2;
                }
                else
                {
                    other++;
                    position++;
                }

                starts.Add(position);
            }

            return new LineTable(starts, crlf > other ? "\r\n" : "\n");
        }

        /// <summary>The offset where zero-based <paramref name="line"/> starts; the last line start past the end.</summary>
        public int StartOf(int line) => line < _starts.Count ? _starts[Math.Max(0, line)] : _starts[^1];

        /// <summary>The zero-based line holding <paramref name="offset"/>.</summary>
        public int LineOf(int offset)
        {
            var index = _starts.BinarySearch(offset);
            return index >= 0 ? index : Math.Max(0, ~index - 1);
        }
    }

    private struct TimestampParts
    {
        public int Year;
        public int Month;
        public int Day;
        public int Hour;
        public int Minute;
        public int Second;
        public long Ticks;
        public TimeSpan Offset;

        public readonly DateTimeOffset? ToDateTimeOffset()
        {
            if (Year < 1 || Month is < 1 or > 12 || Day < 1 || Day > DateTime.DaysInMonth(Year, Month) || Hour > 23 || Minute > 59 || Second > 59)
            {
                return null;
            }

            var local = new DateTime(Year, Month, Day, Hour, Minute, Second, DateTimeKind.Unspecified).AddTicks(Ticks);

            // The instant must stay in range once the offset is applied (0001-01-01T00:00+01:00 does not).
            var utcTicks = local.Ticks - Offset.Ticks;
            return utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks ? null : new DateTimeOffset(local, Offset);
        }
    }
}
