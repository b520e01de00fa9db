using System.Text.RegularExpressions;

namespace MemoryBank.Core.Harvest;

/// <summary>Reads and writes the text of ATX headings.</summary>
internal static partial class HeadingText
{
    /// <summary>The text of a heading line: without the opening hashes, a closing sequence or outer white space.</summary>
    public static string Content(string line)
    {
        var match = OpeningPattern().Match(line);
        if (!match.Success)
        {
            return line.Trim();
        }

        var text = line[match.Length..];
        var closing = ClosingPattern().Match(text);
        return (closing.Success ? text[..closing.Index] : text).Trim();
    }

    /// <summary>
    /// <paramref name="text"/> made safe as heading text: a trailing run of <c>#</c> after white space would
    /// read as a closing sequence and vanish, so it is escaped.
    /// </summary>
    public static string Escape(string text)
    {
        var closing = ClosingPattern().Match(text);
        if (!closing.Success)
        {
            return text;
        }

        var hashes = text.IndexOf('#', closing.Index);
        return text[..hashes] + "\\" + text[hashes..];
    }

    [GeneratedRegex(@"^ {0,3}#{1,6}([ \t]+|$)", RegexOptions.CultureInvariant)]
    private static partial Regex OpeningPattern();

    [GeneratedRegex(@"(^|[ \t]+)#+[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ClosingPattern();
}
