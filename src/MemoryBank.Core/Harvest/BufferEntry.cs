using System.Globalization;
using System.Text.RegularExpressions;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// A buffer entry read for harvesting: the <c>yyyy-MM-dd HH:mm [persona]</c> prefix of its first line,
/// the rest of that line (the title), and its nested lines.
/// </summary>
/// <remarks>
/// A list entry's nested lines lose the item's content indentation (two columns for <c>- </c>), so that
/// nested code fences, lists and tables become top-level blocks of the same shape. A section entry's
/// body is kept as it is. The prefix is recognised only at the start of the first line: a date elsewhere
/// is part of the title.
/// </remarks>
internal sealed partial class BufferEntry
{
    private BufferEntry(Entry source, string? stamp, DateOnly? date, string? persona, string title, IReadOnlyList<string> body, IReadOnlyList<string> listItem)
    {
        Source = source;
        Stamp = stamp;
        Date = date;
        Persona = persona;
        Title = title;
        Body = body;
        ListItemLines = listItem;
    }

    /// <summary>The entry as the buffer holds it.</summary>
    public Entry Source { get; }

    /// <summary>The date or date-time of the prefix as written (<c>2026-11-21 09:16</c>), or null.</summary>
    public string? Stamp { get; }

    /// <summary>The date of the prefix, or null when the first line has no valid leading date.</summary>
    public DateOnly? Date { get; }

    /// <summary>The persona in brackets after the date, or null.</summary>
    public string? Persona { get; }

    /// <summary>The first line without its list marker or heading hashes and without the prefix; may be empty.</summary>
    public string Title { get; }

    /// <summary>The nested lines, de-indented, without line endings or leading and trailing blank lines.</summary>
    public IReadOnlyList<string> Body { get; }

    /// <summary>
    /// The entry as a top-level list item: a list entry's lines verbatim, a section entry rewritten as
    /// <c>- heading text</c> with its body indented by two spaces; trailing blank lines dropped.
    /// </summary>
    public IReadOnlyList<string> ListItemLines { get; }

    /// <summary>True when the first line of <see cref="ListItemLines"/> is a bullet (<c>-</c>, <c>*</c>, <c>+</c>) item.</summary>
    public bool IsBulletItem => ListItemLines.Count > 0 && BulletPattern().IsMatch(ListItemLines[0]);

    /// <summary>Reads <paramref name="entry"/>.</summary>
    public static BufferEntry Parse(Entry entry)
    {
        var lines = SplitLines(entry.Text);
        var first = lines.Count > 0 ? lines[0] : string.Empty;
        string content;
        List<string> body;
        List<string> listItem;
        if (entry.Kind == EntryKind.ListItem && ListMarkerPattern().Match(first) is { Success: true } marker)
        {
            content = first[marker.Length..];
            var indent = ContentIndent(marker);
            body = lines.Skip(1).Select(line => Dedent(line, indent)).ToList();
            listItem = TrimBlankEnd(lines.ToList());
        }
        else
        {
            content = HeadingText.Content(first);
            body = lines.Skip(1).ToList();

            // A setext heading's underline is not body.
            if (!first.TrimStart().StartsWith('#') && body.Count > 0 && SetextUnderlinePattern().IsMatch(body[0]))
            {
                body.RemoveAt(0);
            }

            listItem = TrimBlankEnd(new[] { "- " + content.Trim() }.Concat(TrimBlank(body).Select(line => line.Trim().Length == 0 ? string.Empty : "  " + line)).ToList());
        }

        string? stamp = null;
        DateOnly? date = null;
        string? persona = null;
        var rest = content.TrimStart(' ', '\t');
        if (StampPattern().Match(rest) is { Success: true } stampMatch
            && DateOnly.TryParseExact(stampMatch.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            stamp = stampMatch.Groups["stamp"].Value;
            date = parsed;
            rest = rest[stampMatch.Length..];
        }

        if (PersonaPattern().Match(rest) is { Success: true } personaMatch)
        {
            var name = personaMatch.Groups["persona"].Value.Trim();
            persona = name.Length == 0 ? null : name;
            rest = rest[personaMatch.Length..];
        }

        if ((stamp is not null || persona is not null) && SeparatorPattern().Match(rest) is { Success: true } separator)
        {
            rest = rest[separator.Length..];
        }

        return new BufferEntry(entry, stamp, date, persona, rest.Trim(), TrimBlank(body), listItem);
    }

    /// <summary>Splits on <c>\r\n</c>, <c>\n</c> and a lone <c>\r</c>; a final line break adds no empty line.</summary>
    public static List<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').ToList();
        if (lines.Count > 1 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>Removes up to <paramref name="columns"/> columns of leading white space (tabs stop every four columns).</summary>
    public static string Dedent(string line, int columns)
    {
        var column = 0;
        var i = 0;
        while (i < line.Length && column < columns)
        {
            if (line[i] == ' ')
            {
                column++;
                i++;
            }
            else if (line[i] == '\t')
            {
                var next = ((column / 4) + 1) * 4;
                if (next > columns)
                {
                    // A tab that reaches past the cut leaves its remaining columns as spaces.
                    return new string(' ', next - columns) + line[(i + 1)..];
                }

                column = next;
                i++;
            }
            else
            {
                break;
            }
        }

        return line[i..];
    }

    /// <summary>Drops leading and trailing blank lines.</summary>
    public static List<string> TrimBlank(IReadOnlyList<string> lines)
    {
        var start = 0;
        while (start < lines.Count && string.IsNullOrWhiteSpace(lines[start]))
        {
            start++;
        }

        return TrimBlankEnd(lines.Skip(start).ToList());
    }

    private static List<string> TrimBlankEnd(List<string> lines)
    {
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    // The column where a list item's content starts: CommonMark's rule, where five or more spaces after
    // the marker mean one space and an indented code block.
    private static int ContentIndent(Match marker)
    {
        var before = marker.Groups["indent"].Length + marker.Groups["marker"].Length;
        var gap = marker.Groups["gap"].Value;
        var column = before;
        foreach (var ch in gap)
        {
            column = ch == '\t' ? ((column / 4) + 1) * 4 : column + 1;
        }

        var width = column - before;
        return width is 0 or > 4 ? before + 1 : column;
    }

    [GeneratedRegex(@"^(?<indent> {0,3})(?<marker>[-*+]|[0-9]{1,9}[.)])(?<gap>[ \t]+|$)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ListMarkerPattern();

    [GeneratedRegex(@"^ {0,3}[-*+]([ \t]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex BulletPattern();

    [GeneratedRegex(@"^ {0,3}(=+|-+)[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SetextUnderlinePattern();

    [GeneratedRegex(
        @"^(?<stamp>(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?)(?=[ \t]|$)[ \t]*",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex StampPattern();

    [GeneratedRegex(@"^\[(?<persona>[^\]]*)\][ \t]*", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PersonaPattern();

    [GeneratedRegex(@"^[-–—:][ \t]+", RegexOptions.CultureInvariant)]
    private static partial Regex SeparatorPattern();
}
