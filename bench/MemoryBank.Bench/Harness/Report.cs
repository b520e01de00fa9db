using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MemoryBank.Bench.Harness;

/// <summary>
/// Collects the run's Markdown (headings, notes, tables) and every raw sample, then writes
/// <c>bench-&lt;stamp&gt;.md</c>, <c>bench-&lt;stamp&gt;.json</c> and <c>latest.md</c> to the results folder.
/// </summary>
internal sealed class Report
{
    private readonly StringBuilder _markdown = new();
    private readonly List<SeriesRecord> _series = new();

    public void Heading(string text) => _markdown.Append("\n## ").Append(text).Append("\n\n");

    public void SubHeading(string text) => _markdown.Append("\n### ").Append(text).Append("\n\n");

    public void Paragraph(string text) => _markdown.Append(text.Trim()).Append("\n\n");

    public void Table(MarkdownTable table) => _markdown.Append(table).Append('\n');

    /// <summary>Keeps the raw samples of <paramref name="series"/> for the JSON file.</summary>
    public void Keep(string suite, Series series)
    {
        var stats = series.Stats;
        _series.Add(new SeriesRecord(suite, series.Name, stats.Count, stats.Median, stats.P90, stats.Min, stats.Max, series.Samples.ToArray()));
    }

    public string Markdown => _markdown.ToString();

    /// <summary>Writes the files and returns the Markdown file's path.</summary>
    public string Write(string directory, DateTimeOffset started, string header)
    {
        Directory.CreateDirectory(directory);
        var stamp = started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var markdown = header.Trim() + "\n" + Markdown;
        var markdownPath = Path.Combine(directory, $"bench-{stamp}.md");
        File.WriteAllText(markdownPath, markdown);
        File.WriteAllText(Path.Combine(directory, "latest.md"), markdown);
        var json = JsonSerializer.Serialize(new { Started = started, Series = _series }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(directory, $"bench-{stamp}.json"), json);
        return markdownPath;
    }

    private sealed record SeriesRecord(string Suite, string Name, int Count, double MedianMs, double P90Ms, double MinMs, double MaxMs, double[] SamplesMs);
}
