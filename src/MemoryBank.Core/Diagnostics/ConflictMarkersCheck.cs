using System.Globalization;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// <c>conflict-markers</c>: no bank file holds a git conflict marker line (<c>&lt;&lt;&lt;&lt;&lt;&lt;&lt; </c> or
/// <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt; </c>). Markers mean git merged a bank file as text, without the drivers, and the
/// conflict was committed or left unresolved.
/// </summary>
internal sealed class ConflictMarkersCheck : HealthCheck
{
    public override string Name => CheckNames.ConflictMarkers;

    public override CheckResult Run(CheckContext context)
    {
        if (context.Config is null)
        {
            return NotChecked();
        }

        var scan = context.Scan;
        var hits = new List<string>();
        foreach (var file in scan.Files)
        {
            context.CancellationToken.ThrowIfCancellationRequested();

            // Files that do not decode are the bank-files check's to report.
            if (file.Text is not { } text)
            {
                continue;
            }

            hits.AddRange(MarkerLines(text).Select(line => $"{file.RelativePath}:{line.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (hits.Count == 0)
        {
            return Pass(scan.Exists ? $"No conflict markers in {DetailText.Count(scan.Files.Count, "bank file")}." : "No bank folder, so no conflict markers.");
        }

        return Fail(
            $"Conflict marker lines at {DetailText.List(hits)}.",
            "Edit each file: keep the lines you want from both sides and delete the marker lines (<<<<<<<, =======, >>>>>>>), then run memory-bank save. Markers mean git merged the file without the drivers: see the drivers and gitattributes checks.");
    }

    /// <summary>The 1-based numbers of the lines that start a conflict's ours side or end its theirs side.</summary>
    internal static IEnumerable<int> MarkerLines(string text)
    {
        var number = 0;
        var start = 0;
        while (start <= text.Length)
        {
            number++;
            var end = text.IndexOf('\n', start);
            var line = (end < 0 ? text[start..] : text[start..end]).TrimEnd('\r');
            if (IsMarker(line, '<') || IsMarker(line, '>'))
            {
                yield return number;
            }

            if (end < 0)
            {
                yield break;
            }

            start = end + 1;
        }
    }

    // git writes seven marker characters, then a space and a label (or nothing when the label is empty).
    private static bool IsMarker(string line, char marker) =>
        line.Length >= 7 && line.AsSpan(0, 7).IndexOfAnyExcept(marker) < 0 && (line.Length == 7 || line[7] == ' ');
}
