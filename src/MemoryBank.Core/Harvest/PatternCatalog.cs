using System.Globalization;
using System.Text.RegularExpressions;
using Markdig.Syntax;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// Adds harvested patterns to the patterns catalogue: under one <c>## Harvested yyyy-MM-dd</c> heading per
/// harvest date, each entry kept verbatim as a list item (its date, persona and nested lines included).
/// </summary>
/// <remarks>
/// <para>
/// A second harvest on the same day adds its entries at the end of that day's section (before the next
/// heading of level 1 or 2, usually the end of the file), so a date never has two headings. A new date's
/// section goes after the last <c>## Harvested</c> section, or at the end of the file when there is none,
/// which keeps sections a user added after the harvests (a "See also") last.
/// </para>
/// <para>
/// Existing bytes never change: new text is inserted or appended with its separators (see
/// <see cref="MarkdownOutline.Separator"/>), in the file's line ending. A missing or empty file starts
/// with a <c># Patterns</c> title and a line explaining the file.
/// </para>
/// </remarks>
internal static partial class PatternCatalog
{
    /// <summary>The heading text of one harvest date's section.</summary>
    public static string SectionTitle(DateOnly day) => "Harvested " + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The catalogue with <paramref name="entries"/> added; <paramref name="existing"/> is null when the file is missing.</summary>
    /// <param name="existing">The catalogue's current text, or null.</param>
    /// <param name="entries">The patterns, in buffer order.</param>
    /// <param name="day">The harvest date.</param>
    /// <param name="newline">The line ending of a new file.</param>
    /// <param name="path">The repository-relative path, for errors.</param>
    public static string Append(string? existing, IReadOnlyList<BufferEntry> entries, DateOnly day, string newline, string path)
    {
        var title = SectionTitle(day);
        if (string.IsNullOrEmpty(existing))
        {
            var created = new MarkdownComposer(string.Empty, newline);
            created.AppendBlock(["# Patterns"], anchor: true);
            created.AppendBlock(["Reusable patterns harvested from the memory bank by Invoke-MemoryHarvest, under one heading per harvest date."]);
            created.AppendBlock(["## " + title], anchor: true);
            AppendEntries(created, entries);
            return Verified(created.ToString(), created.Anchors, path);
        }

        var outline = MarkdownOutline.Parse(existing);
        var headings = outline.Document.OfType<HeadingBlock>().ToList();
        var sameDay = headings.LastOrDefault(h => h.Level == 2 && Title(outline, h) == title);
        var lastHarvest = headings.LastOrDefault(h => h.Level == 2 && HarvestTitlePattern().IsMatch(Title(outline, h)));
        var insertAt = sameDay is not null ? SectionEnd(outline, headings, sameDay)
            : lastHarvest is not null ? SectionEnd(outline, headings, lastHarvest)
            : existing.Length;

        var composer = new MarkdownComposer(existing[..insertAt], MarkdownOutline.LineEndingOf(existing, newline));
        if (sameDay is null)
        {
            composer.AppendBlock(["## " + title], anchor: true);
        }

        AppendEntries(composer, entries);
        var rest = existing[insertAt..];
        if (rest.Length > 0)
        {
            // Keep a blank line between the new entries and the heading that follows them.
            var firstBreak = rest.AsSpan().IndexOfAny('\r', '\n');
            if (firstBreak < 0 || !rest.AsSpan(0, firstBreak).IsWhiteSpace())
            {
                composer.AppendRaw(composer.Newline);
            }

            composer.AppendRaw(rest);
        }

        return Verified(composer.ToString(), composer.Anchors, path);
    }

    private static void AppendEntries(MarkdownComposer composer, IReadOnlyList<BufferEntry> entries)
    {
        foreach (var entry in entries)
        {
            // Bullet items join the list before them, so one harvest's patterns form one tight list.
            composer.AppendBlock(entry.ListItemLines, anchor: true, continueList: entry.IsBulletItem);
        }
    }

    private static string Verified(string text, IReadOnlyList<int> anchors, string path)
    {
        MarkdownOutline.VerifyBlockStarts(text, anchors, path);
        return text;
    }

    private static string Title(MarkdownOutline outline, HeadingBlock heading)
    {
        var start = outline.StartOf(heading);
        var end = outline.Text.AsSpan(start).IndexOfAny('\r', '\n');
        return HeadingText.Content(end < 0 ? outline.Text[start..] : outline.Text.Substring(start, end));
    }

    // A section runs to the next top-level heading of its level or higher, or to the end of the text.
    private static int SectionEnd(MarkdownOutline outline, List<HeadingBlock> headings, HeadingBlock heading)
    {
        var next = headings.Skip(headings.IndexOf(heading) + 1).FirstOrDefault(h => h.Level <= heading.Level);
        return next is null ? outline.Text.Length : outline.StartOf(next);
    }

    [GeneratedRegex(@"^Harvested [0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex HarvestTitlePattern();
}
