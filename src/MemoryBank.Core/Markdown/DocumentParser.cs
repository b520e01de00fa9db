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
    /// <remarks>
    /// Most bank files hold nothing but headings, list items and paragraphs, where lines alone decide the
    /// top-level structure: those are read by the line scan of <see cref="FindLastEntry(string)"/>, and
    /// only the rest by Markdig, which then need not even be loaded.
    /// </remarks>
    public static BankDocument Parse(string text) => Parse(text, scanLines: true);

    /// <summary><see cref="Parse(string)"/>; with <paramref name="scanLines"/> false always through Markdig (tests compare the two).</summary>
    internal static BankDocument Parse(string text, bool scanLines)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (scanLines && ScanLines(text, 0, collectBlocks: true) is { } scan && Outline.FromScan(scan) is { } scanned)
        {
            return Build(text, scanned, null);
        }

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
    /// Where the last entry of <paramref name="text"/> starts and the layout its entries follow, found by a
    /// scan of its lines instead of a parse; null when the text holds anything the scan cannot place for
    /// certain, or has no entries.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A merge whose sides only appended to base needs no more of base than this (see <see cref="EntriesFrom"/>).
    /// The scan reads what <see cref="Parse(string)"/> reads, on a subset of Markdown where lines alone decide the
    /// top-level structure. A line at column 0 that is an ATX heading, or a bullet item with content, starts a
    /// top-level block whatever came before it, unless a fenced code block, an HTML block or front matter is
    /// still open. So the scan gives up on any line holding a fence, any line that starts with <c>&lt;</c>
    /// other than a comment closed on that line, any setext underline or front matter (a line of only
    /// <c>=</c> or only <c>-</c>), a <c>#</c> after leading white space (a heading that may be top-level or
    /// nested), a first block that may be link reference definitions, and a line that starts with other
    /// white space than spaces and tabs. A list file also gives up on list items that may or may not be
    /// top-level: an ordered item other than <c>1.</c> at column 0, an item without content, and an indented
    /// item that is not inside an open item.
    /// </para>
    /// </remarks>
    internal static LastEntry? FindLastEntry(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ScanLines(text, 0, collectBlocks: false)?.LastEntry();
    }

    /// <summary>
    /// <see cref="FindLastEntry(string)"/> on a file's UTF-8 bytes, without decoding them: the offsets and
    /// line-ending counts are in bytes. The bytes must be valid UTF-8 (see <see cref="BankText.Validate"/>).
    /// </summary>
    /// <remarks>
    /// The merge driver reads a large log only to find where its last entry starts; decoding the whole file
    /// would cost more than the scan. Every character the scan looks at to place a line is ASCII, and UTF-8
    /// never uses ASCII bytes inside a multi-byte character, so each line is widened on its own (decoded only
    /// when it holds non-ASCII text) and read by the same <see cref="LineScan"/>.
    /// </remarks>
    internal static LastEntry? FindLastEntry(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOf("```"u8) >= 0 || utf8.IndexOf("~~~"u8) >= 0)
        {
            return null;
        }

        // The same loop as ScanLines, over bytes. Not shared through a generic method: its instantiations
        // would be JIT-compiled in every merge-driver process (ShippedCliTests checks that none is).
        var scan = new LineScan(detectTitle: true, collectBlocks: false);
        var chars = new char[256];
        var position = utf8.StartsWith("\uFEFF"u8) ? 3 : 0;
        while (position < utf8.Length)
        {
            var found = utf8[position..].IndexOfAny((byte)'\r', (byte)'\n');
            var lineEnd = found < 0 ? utf8.Length : position + found;
            var line = utf8[position..lineEnd];
            if (chars.Length < line.Length)
            {
                chars = new char[line.Length * 2];
            }

            if (!scan.Read(chars.AsSpan(0, WidenLine(line, chars)), position))
            {
                return null;
            }

            if (found < 0)
            {
                break;
            }

            var crlf = utf8[lineEnd] == '\r' && lineEnd + 1 < utf8.Length && utf8[lineEnd + 1] == '\n';
            scan.CountLineEnd(crlf);
            position = lineEnd + (crlf ? 2 : 1);
        }

        return scan.LastEntry();
    }

    /// <summary>
    /// The entries of <paramref name="text"/> from <paramref name="start"/>, where an entry of the given layout
    /// starts, and the line endings from there on; null when the text from there does not start with such an
    /// entry, or holds a heading that would change the layout.
    /// </summary>
    /// <remarks>
    /// Each entry starts a fresh top-level block, so the text from an entry's start parses the same on its
    /// own as in the whole text. With <paramref name="start"/> from <see cref="FindLastEntry(string)"/> on a text that
    /// this one extends, the entries are the whole text's entries from that one on, as long as the entry's
    /// first line is complete in the extended text. The part is read by the line scan of
    /// <see cref="FindLastEntry(string)"/> when it can place every entry, and parsed otherwise (always, when
    /// <paramref name="scanLines"/> is false).
    /// </remarks>
    internal static EntriesPart? EntriesFrom(string text, int start, EntryKind kind, int level, bool scanLines = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        level = kind == EntryKind.Section ? level : 0;
        List<TopBlock> blocks;
        int titleIndex;
        int crlf;
        int other;
        if (scanLines && ScanLines(text, start, collectBlocks: true) is { } scan && (kind == EntryKind.Section || !scan.ListUncertain))
        {
            (blocks, titleIndex, crlf, other) = (scan.Blocks!, scan.TitleIndex, scan.CrLfCount, scan.OtherLineEndCount);
        }
        else
        {
            var outline = Outline.Of(text, start);
            (blocks, titleIndex, crlf, other) = (outline.Blocks, outline.TitleIndex, outline.CrLfCount, outline.OtherLineEndCount);
        }

        foreach (var block in blocks)
        {
            if (block.Level > 0 && (kind == EntryKind.ListItem || block.Level < level))
            {
                return null;
            }
        }

        var cuts = Cut(blocks, titleIndex, kind, level);
        if (cuts.Count == 0 || cuts[0] != start)
        {
            return null;
        }

        var entries = new Entry[cuts.Count];
        AddEntries(text, cuts, kind, entries, 0);
        return new EntriesPart(entries, crlf, other);
    }

    /// <summary>
    /// True when <paramref name="next"/> certainly starts an entry right after <paramref name="previous"/>, an
    /// entry's text ending with a line terminator; false when only a parse can tell. Saves a parse of the two
    /// joined when merges check their joins.
    /// </summary>
    /// <remarks>
    /// The next entry's first line must be one that interrupts any paragraph (an ATX heading at the entry
    /// level, or a bullet item or <c>1.</c> item with content, at column 0), and the previous entry must hold
    /// no fence and no line starting with <c>&lt;</c> other than a closed comment, so no block that such a line
    /// cannot end is open.
    /// </remarks>
    internal static bool StartsEntryAfter(string previous, string next, EntryKind kind, int level)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        if (previous.Length == 0 || previous[^1] is not ('\n' or '\r'))
        {
            return false;
        }

        var firstLineEnd = next.AsSpan().IndexOfAny('\r', '\n');
        var firstLine = firstLineEnd < 0 ? next.AsSpan() : next.AsSpan(0, firstLineEnd);
        var startsEntry = kind == EntryKind.Section ? AtxLevel(firstLine) == level : ListItemWithContent(firstLine, out _);
        if (!startsEntry)
        {
            return false;
        }

        var text = previous.AsSpan();
        if (text.IndexOf("```", StringComparison.Ordinal) >= 0 || text.IndexOf("~~~", StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        while (text.Length > 0)
        {
            var end = text.IndexOfAny('\r', '\n');
            var line = end < 0 ? text : text[..end];
            var first = LineText.FirstNonBlank(line);
            if (first >= 0 && (line[first] == '<' ? !IsClosedComment(line[first..]) : IsOtherWhiteSpace(line[first])))
            {
                return false;
            }

            text = end < 0 ? ReadOnlySpan<char>.Empty : text[(end + 1)..];
        }

        return true;
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

    // Reads text from start (a line start) with a LineScan; null when a line makes the scan give up. From
    // the start of the text, a BOM is skipped and the first block may be the title, as in Outline.Of.
    private static LineScan? ScanLines(string text, int start, bool collectBlocks)
    {
        var part = text.AsSpan(start);
        if (part.IndexOf("```", StringComparison.Ordinal) >= 0 || part.IndexOf("~~~", StringComparison.Ordinal) >= 0)
        {
            return null;
        }

        var scan = new LineScan(detectTitle: start == 0, collectBlocks);
        var position = start == 0 && text.Length > 0 && text[0] == '\uFEFF' ? 1 : start;
        while (position < text.Length)
        {
            var found = text.AsSpan(position).IndexOfAny('\r', '\n');
            var lineEnd = found < 0 ? text.Length : position + found;
            if (!scan.Read(text.AsSpan(position, lineEnd - position), position))
            {
                return null;
            }

            if (found < 0)
            {
                break;
            }

            var crlf = text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n';
            scan.CountLineEnd(crlf);
            position = lineEnd + (crlf ? 2 : 1);
        }

        return scan;
    }

    // One line of UTF-8 as characters in chars (at least as long as the line): ASCII by a plain loop, the
    // rest by the decoder. Returns the number of characters.
    private static int WidenLine(ReadOnlySpan<byte> line, char[] chars)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] >= 0x80)
            {
                return BankText.Encoding.GetChars(line, chars);
            }

            chars[i] = (char)line[i];
        }

        return line.Length;
    }

    // The level of an ATX heading line at column 0 (1-6), or 0 when the line is not one.
    private static int AtxLevel(ReadOnlySpan<char> line)
    {
        var level = 0;
        while (level < line.Length && line[level] == '#')
        {
            level++;
        }

        return level is >= 1 and <= 6 && (level == line.Length || line[level] is ' ' or '\t') ? level : 0;
    }

    // A list item at column 0 that can interrupt a paragraph: a bullet, or an ordered item numbered 1, with
    // content after the marker; a thematic break ("* * *") is not one. contentColumn is where its content
    // starts (0 when a tab makes that uncertain).
    private static bool ListItemWithContent(ReadOnlySpan<char> line, out int contentColumn)
    {
        contentColumn = 0;
        var width = MarkerWidth(line, out var ordinal);
        if (width == 0 || (ordinal is not null && ordinal != 1) || IsThematicBreak(line))
        {
            return false;
        }

        var rest = line[width..];
        if (LineText.FirstNonBlank(rest) < 0)
        {
            return false;
        }

        var spaces = LineText.FirstOther(rest, ' ');
        if (rest[spaces] != '\t')
        {
            contentColumn = width + (spaces <= 4 ? spaces : 1);
        }

        return true;
    }

    // The width of a list marker at the start of line ("-", "+", "*", or up to 9 digits and "." or ")"),
    // followed by a space, a tab or the end of the line; 0 when there is none. ordinal is the number of an
    // ordered item.
    private static int MarkerWidth(ReadOnlySpan<char> line, out int? ordinal)
    {
        ordinal = null;
        var width = 0;
        if (line.Length > 0 && line[0] is '-' or '+' or '*')
        {
            width = 1;
        }
        else
        {
            var digits = 0;
            while (digits < line.Length && digits < 10 && char.IsAsciiDigit(line[digits]))
            {
                digits++;
            }

            if (digits is 0 or > 9 || digits >= line.Length || line[digits] is not ('.' or ')'))
            {
                return 0;
            }

            ordinal = int.Parse(line[..digits], System.Globalization.CultureInfo.InvariantCulture);
            width = digits + 1;
        }

        return width == line.Length || line[width] is ' ' or '\t' ? width : 0;
    }

    // Three or more of one of "-", "*", "_" and nothing else but spaces and tabs.
    private static bool IsThematicBreak(ReadOnlySpan<char> line)
    {
        var trimmed = line.Trim(" \t");
        if (trimmed.Length == 0 || trimmed[0] is not ('-' or '*' or '_'))
        {
            return false;
        }

        var count = 0;
        foreach (var ch in trimmed)
        {
            if (ch == trimmed[0])
            {
                count++;
            }
            else if (ch is not (' ' or '\t'))
            {
                return false;
            }
        }

        return count >= 3;
    }

    // Only "=" or only "-" after at most three columns of indentation: a setext underline, or the start of
    // front matter.
    private static bool IsUnderlineLike(ReadOnlySpan<char> line, int first, int indent)
    {
        var trimmed = line.TrimEnd(" \t");
        if (indent > 3 || trimmed[first] is not ('=' or '-'))
        {
            return false;
        }

        return LineText.FirstOther(trimmed[first..], trimmed[first]) < 0;
    }

    // An HTML comment that opens and closes on this line: an HTML block that ends with the line.
    private static bool IsClosedComment(ReadOnlySpan<char> line) =>
        line.StartsWith("<!--", StringComparison.Ordinal) && line[4..].IndexOf("-->", StringComparison.Ordinal) >= 0;

    // White space that Markdig may read as blank or as indentation, other than a space or a tab.
    private static bool IsOtherWhiteSpace(char ch) => ch < ' ' || char.IsWhiteSpace(ch);

    // The column of the first character that is not a space or a tab, with tab stops every 4 columns.
    private static int IndentColumns(ReadOnlySpan<char> line, int first)
    {
        var column = 0;
        for (var i = 0; i < first; i++)
        {
            column = line[i] == '\t' ? (column / 4 * 4) + 4 : column + 1;
        }

        return column;
    }

    // Where entries start among top-level blocks under a layout: increasing offsets, never two on one line.
    private static List<int> Cut(List<TopBlock> blocks, int titleIndex, EntryKind kind, int level)
    {
        var cuts = new List<int>();
        var previous = -1;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var starts = kind == EntryKind.Section ? block.Level == level && i != titleIndex : block.Level == 0;
            if (starts && block.Offset > previous)
            {
                cuts.Add(block.Offset);
                previous = block.Offset;
            }
        }

        return cuts;
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

    /// <summary>
    /// <c>\r\n</c> when CRLF ends most lines of <paramref name="text"/>, else <c>\n</c>; a lone <c>\r</c>
    /// counts as a line end that is not CRLF.
    /// </summary>
    internal static string LineEndingOf(string text)
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

        return DominantLineEnding(crlf, other);
    }

    /// <summary>The line ending of a text with <paramref name="crlf"/> CRLF and <paramref name="other"/> other line ends: CRLF only when most are.</summary>
    internal static string DominantLineEnding(int crlf, int other) => crlf > other ? "\r\n" : "\n";

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

    /// <summary>Where a text's last entry starts, how its entries are delimited, and the line endings before it.</summary>
    /// <param name="Start">The offset of the last entry's first line.</param>
    /// <param name="Kind">How the text's entries are delimited.</param>
    /// <param name="Level">The section level, or 0 for list items.</param>
    /// <param name="CrLfBefore">How many CRLF line endings come before <paramref name="Start"/>.</param>
    /// <param name="OtherLineEndsBefore">How many other line endings (LF or a lone CR) come before it.</param>
    internal readonly record struct LastEntry(int Start, EntryKind Kind, int Level, int CrLfBefore, int OtherLineEndsBefore);

    /// <summary>Entries parsed from an offset on, and the line endings from there to the end.</summary>
    /// <param name="Entries">The entries, the first starting at the offset.</param>
    /// <param name="CrLfCount">How many CRLF line endings the part holds.</param>
    /// <param name="OtherLineEndCount">How many other line endings (LF or a lone CR) it holds.</param>
    internal sealed record EntriesPart(IReadOnlyList<Entry> Entries, int CrLfCount, int OtherLineEndCount);

    /// <summary>What the line scan knows after each line, read in order.</summary>
    private sealed class LineScan
    {
        private readonly int[] _lastHeading = [-1, -1, -1, -1, -1, -1, -1];
        private readonly int[] _crLfBeforeHeading = new int[7];
        private readonly int[] _otherBeforeHeading = new int[7];
        private bool _seenFirstBlock;
        private int _lastItem = -1;
        private int _crLfBeforeItem;
        private int _otherBeforeItem;

        // The content column of the top-level list item known to be open, or 0.
        private int _openItemColumn;

        public LineScan(bool detectTitle, bool collectBlocks)
        {
            _seenFirstBlock = !detectTitle;
            Blocks = collectBlocks ? [] : null;
        }

        /// <summary>Every top-level heading and list item, when asked for; the title is among them.</summary>
        public List<TopBlock>? Blocks { get; }

        /// <summary>The index of the title in <see cref="Blocks"/>, or -1.</summary>
        public int TitleIndex { get; private set; } = -1;

        /// <summary>A line may or may not start a top-level list item: list entries cannot be told.</summary>
        public bool ListUncertain { get; private set; }

        public int CrLfCount { get; private set; }

        public int OtherLineEndCount { get; private set; }

        public void CountLineEnd(bool crlf)
        {
            if (crlf)
            {
                CrLfCount++;
            }
            else
            {
                OtherLineEndCount++;
            }
        }

        /// <summary>Reads one line (without its terminator) that starts at offset; false when the scan must give up.</summary>
        public bool Read(ReadOnlySpan<char> line, int offset)
        {
            var first = LineText.FirstNonBlank(line);
            if (first < 0)
            {
                // A blank line ends a paragraph and keeps a list item open.
                return true;
            }

            var ch = line[first];
            if (IsOtherWhiteSpace(ch))
            {
                return false;
            }

            var indent = IndentColumns(line, first);
            if (ch == '<')
            {
                // A comment closed on its line is an HTML block of that line alone; it is not a title's first block.
                if (!IsClosedComment(line[first..]))
                {
                    return false;
                }

                if (indent > 3)
                {
                    _seenFirstBlock = true;
                }

                CloseItemUnlessNested(indent);
                return true;
            }

            if (ch == '#' && first > 0)
            {
                // Up to three columns in, a heading may be top-level or inside a list item.
                if (indent <= 3)
                {
                    return false;
                }
            }
            else if (AtxLevel(line) is var level and > 0)
            {
                if (!_seenFirstBlock && level == 1)
                {
                    TitleIndex = Blocks?.Count ?? -1;
                }
                else
                {
                    _lastHeading[level] = offset;
                    _crLfBeforeHeading[level] = CrLfCount;
                    _otherBeforeHeading[level] = OtherLineEndCount;
                }

                Blocks?.Add(new TopBlock(offset, level));
                _seenFirstBlock = true;
                _openItemColumn = 0;
                return true;
            }

            if (IsUnderlineLike(line, first, indent) || (!_seenFirstBlock && ch == '['))
            {
                return false;
            }

            if (indent <= 3 && MarkerWidth(line[first..], out _) > 0 && !IsThematicBreak(line))
            {
                if (first == 0 && ListItemWithContent(line, out var column))
                {
                    _lastItem = offset;
                    _crLfBeforeItem = CrLfCount;
                    _otherBeforeItem = OtherLineEndCount;
                    _openItemColumn = column;
                    Blocks?.Add(new TopBlock(offset, 0));
                }
                else if (first == 0 || _openItemColumn == 0 || indent < _openItemColumn)
                {
                    // An empty item, an ordered item that may continue a paragraph, or an indented item
                    // that may be top-level.
                    ListUncertain = true;
                    _openItemColumn = 0;
                }

                _seenFirstBlock = true;
                return true;
            }

            _seenFirstBlock = true;
            CloseItemUnlessNested(indent);
            return true;
        }

        /// <summary>The last entry by the layout <see cref="Outline.ImpliedLayout"/> would choose; null when unsure or there is none.</summary>
        public LastEntry? LastEntry()
        {
            for (var level = 1; level <= 6; level++)
            {
                if (_lastHeading[level] >= 0)
                {
                    return new LastEntry(_lastHeading[level], EntryKind.Section, level, _crLfBeforeHeading[level], _otherBeforeHeading[level]);
                }
            }

            return _lastItem >= 0 && !ListUncertain
                ? new LastEntry(_lastItem, EntryKind.ListItem, 0, _crLfBeforeItem, _otherBeforeItem)
                : null;
        }

        // A line indented less than the open item's content may close it, or continue its paragraph lazily.
        private void CloseItemUnlessNested(int indent)
        {
            if (indent < _openItemColumn)
            {
                _openItemColumn = 0;
            }
        }
    }

    /// <summary>A top-level heading (level 1–6) or list item (level 0), by the offset of its first line.</summary>
    /// <remarks>A class, not a struct: <c>List&lt;T&gt;</c> code over a reference type is precompiled in the
    /// framework, over a struct of ours it would be JIT-compiled in every merge-driver process.</remarks>
    private sealed record TopBlock(int Offset, int Level);

    /// <summary>
    /// The top-level headings and list items of a text from a given line start onwards, with offsets into
    /// the whole text, and which heading (if any) is the title.
    /// </summary>
    private sealed class Outline
    {
        private Outline(List<TopBlock> blocks, int titleIndex, LineTable lines)
            : this(blocks, titleIndex, lines.CrLfCount, lines.OtherLineEndCount)
        {
        }

        private Outline(List<TopBlock> blocks, int titleIndex, int crlf, int other)
        {
            Blocks = blocks;
            TitleIndex = titleIndex;
            LineEnding = DominantLineEnding(crlf, other);
            CrLfCount = crlf;
            OtherLineEndCount = other;
        }

        public List<TopBlock> Blocks { get; }

        /// <summary>The index in <see cref="Blocks"/> of the title heading, or -1.</summary>
        public int TitleIndex { get; }

        /// <summary>The dominant line ending of the outlined part.</summary>
        public string LineEnding { get; }

        /// <summary>How many CRLF line endings the outlined part holds.</summary>
        public int CrLfCount { get; }

        /// <summary>How many other line endings (LF or a lone CR) the outlined part holds.</summary>
        public int OtherLineEndCount { get; }

        /// <summary>The outline a whole-text line scan found; null when its entries may be list items it cannot place.</summary>
        public static Outline? FromScan(LineScan scan)
        {
            var outline = new Outline(scan.Blocks!, scan.TitleIndex, scan.CrLfCount, scan.OtherLineEndCount);
            return outline.ImpliedLayout().Kind == EntryKind.ListItem && scan.ListUncertain ? null : outline;
        }

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
                return new Outline(blocks, titleIndex, lines);
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

            return new Outline(blocks, titleIndex, lines);
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
        public List<int> Cut(EntryKind kind, int level) => DocumentParser.Cut(Blocks, TitleIndex, kind, level);
    }

    /// <summary>
    /// Line start offsets in the original text, counting <c>\r\n</c>, <c>\n</c> and a lone <c>\r</c> as
    /// terminators exactly as Markdig does, so Markdig's line numbers (counted from the parsed start)
    /// index this table.
    /// </summary>
    private sealed class LineTable
    {
        private readonly List<int> _starts;

        private LineTable(List<int> starts, int crlf, int other)
        {
            _starts = starts;
            CrLfCount = crlf;
            OtherLineEndCount = other;
        }

        public string LineEnding => DominantLineEnding(CrLfCount, OtherLineEndCount);

        public int CrLfCount { get; }

        public int OtherLineEndCount { get; }

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

            return new LineTable(starts, crlf, other);
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
