using System.Globalization;

namespace MemoryBank.Core.Merge;

/// <summary>
/// The latest-wins stamp: a first-line HTML comment
/// <c>&lt;!-- memory-bank: updated=2026-11-21T14:03:11Z by=dev-engineer --&gt;</c>, written by Save and Add.
/// </summary>
/// <param name="Updated">When the file was last updated, in UTC.</param>
/// <param name="By">The persona that updated it.</param>
public sealed record UpdateStamp(DateTimeOffset Updated, string By)
{
    /// <summary>Formats the stamp line, without a line ending.</summary>
    public string ToLine() =>
        $"<!-- memory-bank: updated={Updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} by={Sanitize(By)} -->";

    /// <summary>Reads the stamp from the first line of <paramref name="text"/> (after a BOM); null when there is none.</summary>
    public static UpdateStamp? TryRead(string text)
    {
        var start = text.StartsWith('\uFEFF') ? 1 : 0;
        var end = text.IndexOf('\n', start);
        var line = end < 0 ? text.AsSpan(start) : text.AsSpan(start, end - start);
        if (!TryParseLine(line, out var updatedText, out var by)
            || !DateTimeOffset.TryParse(updatedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var updated))
        {
            return null;
        }

        return new UpdateStamp(updated, by);
    }

    /// <summary>
    /// Matches <c>^\s*&lt;!--\s*memory-bank:\s*updated=(\S+)\s+by=(\S*)\s*--&gt;</c> (white space as
    /// <see cref="char.IsWhiteSpace(char)"/>), by hand: every sync reads the stamp, and a regular expression
    /// would load the regex engine into each process for one line.
    /// </summary>
    internal static bool TryParseLine(ReadOnlySpan<char> line, out string updated, out string by)
    {
        (updated, by) = (string.Empty, string.Empty);
        var rest = SkipSpace(line);
        if (!Take(ref rest, "<!--"))
        {
            return false;
        }

        rest = SkipSpace(rest);
        if (!Take(ref rest, "memory-bank:"))
        {
            return false;
        }

        rest = SkipSpace(rest);
        if (!Take(ref rest, "updated="))
        {
            return false;
        }

        var run = Run(rest);
        if (run == 0 || run == rest.Length || !char.IsWhiteSpace(rest[run]))
        {
            return false;
        }

        updated = rest[..run].ToString();
        rest = SkipSpace(rest[run..]);
        if (!Take(ref rest, "by="))
        {
            return false;
        }

        // by=(\S*)\s*--> backtracks: the whole run when white space and --> follow it, else the run up to
        // its last "-->".
        run = Run(rest);
        if (SkipSpace(rest[run..]).StartsWith("-->", StringComparison.Ordinal))
        {
            by = rest[..run].ToString();
            return true;
        }

        var arrow = rest[..run].LastIndexOf("-->", StringComparison.Ordinal);
        if (arrow < 0)
        {
            return false;
        }

        by = rest[..arrow].ToString();
        return true;
    }

    /// <summary>
    /// Orders stamps for latest-wins: a missing stamp is oldest; equal times fall back to an ordinal
    /// comparison of the persona so the decision is the same whichever side is "ours".
    /// </summary>
    public static int Compare(UpdateStamp? a, UpdateStamp? b)
    {
        if (a is null || b is null)
        {
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        }

        var byTime = a.Updated.UtcTicks.CompareTo(b.Updated.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.By, b.By);
    }

    /// <summary>Personas are free text; keep the stamp one parseable line.</summary>
    private static string Sanitize(string by)
    {
        var cleaned = new string(by.Select(ch => char.IsWhiteSpace(ch) || ch == '>' ? '-' : ch).ToArray());
        while (cleaned.Contains("--", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("--", "-", StringComparison.Ordinal);
        }

        return cleaned.Length == 0 ? "unknown" : cleaned;
    }

    private static ReadOnlySpan<char> SkipSpace(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return text[i..];
    }

    // The length of the run of characters that are not white space at the start of text.
    private static int Run(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool Take(ref ReadOnlySpan<char> text, string literal)
    {
        if (!text.StartsWith(literal, StringComparison.Ordinal))
        {
            return false;
        }

        text = text[literal.Length..];
        return true;
    }
}
