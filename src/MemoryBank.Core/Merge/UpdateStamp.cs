using System.Globalization;
using System.Text.RegularExpressions;

namespace MemoryBank.Core.Merge;

/// <summary>
/// The latest-wins stamp: a first-line HTML comment
/// <c>&lt;!-- memory-bank: updated=2026-11-21T14:03:11Z by=dev-engineer --&gt;</c>, written by Save and Add.
/// </summary>
/// <param name="Updated">When the file was last updated, in UTC.</param>
/// <param name="By">The persona that updated it.</param>
public sealed partial record UpdateStamp(DateTimeOffset Updated, string By)
{
    /// <summary>Formats the stamp line, without a line ending.</summary>
    public string ToLine() =>
        $"<!-- memory-bank: updated={Updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} by={Sanitize(By)} -->";

    /// <summary>Reads the stamp from the first line of <paramref name="text"/> (after a BOM); null when there is none.</summary>
    public static UpdateStamp? TryRead(string text)
    {
        var start = text.StartsWith('\uFEFF') ? 1 : 0;
        var end = text.IndexOf('\n', start);
        var line = end < 0 ? text[start..] : text[start..end];
        var match = StampPattern().Match(line);
        if (!match.Success)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(match.Groups["updated"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var updated))
        {
            return null;
        }

        return new UpdateStamp(updated, match.Groups["by"].Value);
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

    [GeneratedRegex(@"^\s*<!--\s*memory-bank:\s*updated=(?<updated>\S+)\s+by=(?<by>\S*)\s*-->", RegexOptions.CultureInvariant)]
    private static partial Regex StampPattern();
}
