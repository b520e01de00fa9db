using MemoryBank.Core.Config;
using MemoryBank.Core.Sync;

namespace MemoryBank.Cli;

/// <summary>The plain-text view of a harvest: one line per moved entry, then notes and where it went.</summary>
internal static class HarvestFormatter
{
    public static void Write(TextWriter output, HarvestResult result)
    {
        var verb = result.DryRun ? "Would move" : "Moved";
        output.WriteLine(result.Items.Count == 0
            ? "Nothing to harvest."
            : $"{verb} {result.Items.Count} entr{(result.Items.Count == 1 ? "y" : "ies")}:");
        foreach (var item in result.Items)
        {
            var target = item.Kind == HarvestKind.Decisions && item.AdrNumber is { } number ? $"ADR-{number:D3} ({item.TargetFile})" : item.TargetFile;
            output.WriteLine($"  {item.SourceFile,-20} -> {target}: {item.Title}");
        }

        foreach (var note in result.Notes)
        {
            output.WriteLine($"  note: {note}");
        }

        foreach (var warning in result.Session.Warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        if (result.DryRun)
        {
            output.WriteLine("Dry run: nothing was changed, locally or on the remote.");
        }
        else if (result.Published)
        {
            output.WriteLine($"Published {Short(result.Commit)} to {result.Session.SyncBranch}.");
        }
        else if (result.Pending)
        {
            output.WriteLine($"Committed locally as {Short(result.Commit)}; the next save publishes it.");
        }
    }

    private static string Short(string? commit) => commit is null ? "?" : commit[..Math.Min(10, commit.Length)];
}
