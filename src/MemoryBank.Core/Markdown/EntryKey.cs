using System.Text;

namespace MemoryBank.Core.Markdown;

/// <summary>Normalises entry text into the identity merges compare.</summary>
public static class EntryKey
{
    /// <summary>Line endings become <c>\n</c>, trailing white space per line and trailing blank lines go, and a BOM is ignored.</summary>
    /// <remarks>
    /// Runs once per entry on every merge, so it makes one pass and, for the usual entry (LF line endings, no
    /// trailing white space), allocates only the result. Equivalent to splitting on <c>\r\n</c>, <c>\r</c> and
    /// <c>\n</c>, trimming each line's end with <see cref="string.TrimEnd()"/>, joining with <c>\n</c> and
    /// dropping trailing <c>\n</c>s (property-tested against exactly that).
    /// </remarks>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        while (start < text.Length && text[start] == '\uFEFF')
        {
            start++;
        }

        // Fast path: the key is a slice of the text when no line needs changing.
        var end = text.Length;
        while (end > start && text[end - 1] == '\n')
        {
            end--;
        }

        if (IsNormal(text.AsSpan(start, end - start)))
        {
            return start == 0 && end == text.Length ? text : text[start..end];
        }

        var builder = new StringBuilder(text.Length);
        var rest = text.AsSpan(start);
        while (true)
        {
            var lineEnd = rest.IndexOfAny('\r', '\n');
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            builder.Append(line.TrimEnd()).Append('\n');
            if (lineEnd < 0)
            {
                break;
            }

            rest = rest[(lineEnd + (rest[lineEnd] == '\r' && lineEnd + 1 < rest.Length && rest[lineEnd + 1] == '\n' ? 2 : 1))..];
        }

        var length = builder.Length;
        while (length > 0 && builder[length - 1] == '\n')
        {
            length--;
        }

        return builder.ToString(0, length);
    }

    // No CR, and no line ends with white space: the key of this text is the text itself.
    private static bool IsNormal(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '\r')
            {
                return false;
            }

            if (ch == '\n' ? i > 0 && text[i - 1] != '\n' && char.IsWhiteSpace(text[i - 1]) : i == text.Length - 1 && char.IsWhiteSpace(ch))
            {
                return false;
            }
        }

        return true;
    }
}
