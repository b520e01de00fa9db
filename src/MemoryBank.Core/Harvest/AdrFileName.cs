using System.Globalization;
using System.Text.RegularExpressions;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// Reads and writes ADR file names. Existing ADRs are recognised as <c>ADR-003-x.md</c>,
/// <c>adr-0003-x.md</c> or <c>0003-x.md</c> (any case, any number of digits, the slug optional); new ones
/// are written <c>ADR-NNN-slug.md</c> with at least three digits.
/// </summary>
internal static partial class AdrFileName
{
    /// <summary>The number and slug of an ADR file name, or null when <paramref name="fileName"/> is not one.</summary>
    /// <remarks>
    /// A dated name such as <c>2026-11-21-notes.md</c> is not read as ADR 2026, and numbers beyond
    /// <see cref="int.MaxValue"/> are ignored.
    /// </remarks>
    public static (int Number, string Slug)? Parse(string fileName)
    {
        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var match = AdrPattern().Match(name);
        if (!match.Success || DatedPattern().IsMatch(name))
        {
            return null;
        }

        var digits = match.Groups["number"].Value.TrimStart('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        if (digits.Length > 10 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        return (number, match.Groups["slug"].Value.ToLowerInvariant());
    }

    /// <summary><c>ADR-NNN-slug.md</c>: the number zero-padded to three digits, more when it needs them.</summary>
    public static string Format(int number, string slug) => $"ADR-{Number(number)}-{slug}.md";

    /// <summary>The number as it appears in file names and titles: <c>008</c>, <c>1234</c>.</summary>
    public static string Number(int number) => number.ToString("D3", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?:adr-)?(?<number>[0-9]+)(?:-(?<slug>.*))?\.md$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex AdrPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[-_.]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex DatedPattern();
}
