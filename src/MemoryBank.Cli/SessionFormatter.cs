using MemoryBank.Core.Config;
using MemoryBank.Core.Sync;

namespace MemoryBank.Cli;

/// <summary>Plain-text views of sync results: what a person wants to see at the start and end of a session.</summary>
internal static class SessionFormatter
{
    public static void Write(TextWriter output, SessionResult result)
    {
        var state = result.Offline ? " (offline)" : string.Empty;
        output.WriteLine($"{result.Operation} as {result.Persona} on {result.Host}, branch {result.Branch}, syncing with {result.SyncBranch}{state}");
        if (result.Files.Count == 0)
        {
            output.WriteLine(result.Operation == "Save" ? "  Nothing to save." : "  No new changes from other clones.");
        }

        foreach (var file in result.Files)
        {
            var from = file.From.Count > 0 ? $" from {string.Join(", ", file.From)}" : string.Empty;
            output.WriteLine($"  {file.File,-22} +{file.Added} -{file.Removed}{from}");
        }

        if (result.Published)
        {
            output.WriteLine($"  Published {Short(result.Commit)} to {result.SyncBranch}.");
        }
        else if (result.Pending)
        {
            output.WriteLine($"  Committed locally as {Short(result.Commit)}; the next start or save publishes it.");
        }

        foreach (var copy in result.ConflictCopies)
        {
            output.WriteLine($"  Kept a losing version as {copy}.");
        }

        if (result.Headline is { Length: > 0 } headline)
        {
            output.WriteLine($"  Active context: {headline}");
        }
    }

    public static void WriteStatus(TextWriter output, IReadOnlyList<FileStatus> rows)
    {
        output.WriteLine($"{"File",-22} {"Strategy",-8} {"Tier",-8} {"Local",-8} {"Remote",-8} {"Harvest",-10} Notes");
        foreach (var row in rows)
        {
            var harvest = row.HarvestThreshold is { } threshold ? $"{row.HarvestCount}/{threshold}" : "-";
            var notes = new List<string>();
            if (row.Overdue)
            {
                notes.Add("overdue");
            }

            if (row.ConflictCopies > 0)
            {
                notes.Add($"{row.ConflictCopies} conflict cop{(row.ConflictCopies == 1 ? "y" : "ies")}");
            }

            if (!row.DriverRegistered)
            {
                notes.Add("driver not registered: run memory-bank init");
            }

            if (row.PendingPublish)
            {
                notes.Add("offline save pending");
            }

            output.WriteLine($"{row.File,-22} {Lower(row.Strategy),-8} {row.Tier.ToString().ToLowerInvariant(),-8} {$"+{row.LocalAdded}/-{row.LocalRemoved}",-8} {$"+{row.RemoteAdded}/-{row.RemoteRemoved}",-8} {harvest,-10} {string.Join("; ", notes)}");
        }

        if (rows.Count > 0 && rows[0].LastSync is { } last)
        {
            output.WriteLine($"Last sync: {last:u}");
        }
    }

    private static string Lower(MergeStrategyKind strategy) => strategy.ToString().ToLowerInvariant();

    private static string Short(string? commit) => commit is null ? "?" : commit[..Math.Min(10, commit.Length)];
}
