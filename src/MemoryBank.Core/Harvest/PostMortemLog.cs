using System.Globalization;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// Writes harvested lessons to the day's post-mortem file <c>yyyy-MM-dd-lessons.md</c>: one
/// <c>## lesson</c> section per lesson, a <c>- Date: … · Persona: …</c> line, then the lesson's nested
/// lines as they were written.
/// </summary>
/// <remarks>
/// A second harvest on the same day appends its sections to the end of the same file; existing bytes never
/// change. A new file starts with a <c># Lessons learned yyyy-MM-dd</c> title and a line explaining it.
/// </remarks>
internal static class PostMortemLog
{
    /// <summary>The file name for lessons harvested on <paramref name="day"/>.</summary>
    public static string FileName(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "-lessons.md";

    /// <summary>The post-mortem file with <paramref name="lessons"/> appended; <paramref name="existing"/> is null when it is missing.</summary>
    /// <param name="existing">The file's current text, or null.</param>
    /// <param name="lessons">The lessons, in buffer order.</param>
    /// <param name="day">The harvest date.</param>
    /// <param name="newline">The line ending of a new file.</param>
    /// <param name="path">The repository-relative path, for errors.</param>
    public static string Append(string? existing, IReadOnlyList<BufferEntry> lessons, DateOnly day, string newline, string path)
    {
        var composer = new MarkdownComposer(existing ?? string.Empty, MarkdownOutline.LineEndingOf(existing, newline));
        if (string.IsNullOrEmpty(existing))
        {
            composer.AppendBlock(["# Lessons learned " + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], anchor: true);
            composer.AppendBlock(["Harvested from the memory bank by Invoke-MemoryHarvest: one section per lesson."]);
        }

        foreach (var lesson in lessons)
        {
            composer.AppendBlock(["## " + HeadingText.Escape(lesson.Title.Length == 0 ? "Lesson" : lesson.Title)], anchor: true);
            composer.AppendBlock([$"- Date: {lesson.Stamp ?? "unknown"} · Persona: {lesson.Persona ?? "unknown"}"]);
            if (lesson.Body.Count > 0)
            {
                composer.AppendBlock(lesson.Body);
            }
        }

        var text = composer.ToString();
        MarkdownOutline.VerifyBlockStarts(text, composer.Anchors, path);
        return text;
    }
}
