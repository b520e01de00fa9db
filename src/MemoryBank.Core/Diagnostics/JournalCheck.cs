using System.Text.Json;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// <c>journal</c>: no <c>.git/memory-bank/journal.json</c> left by a sync that was killed while writing the
/// work tree. Not repaired: only a sync can finish the work safely (see remarks).
/// </summary>
/// <remarks>
/// The journal is written before a sync updates the work tree and deleted after it has folded the bank into
/// the branch and recorded the new base. A leftover journal means the work tree may hold a mix of old and
/// merged files, the branch may lack the fold, and the recorded base is the previous one. The next
/// <c>start</c> merges again from that base, which completes the work and deletes the journal. Deleting the
/// journal here would change nothing on disk but hide that the work is unfinished, and running the sync here
/// would use the network; so the check reports and points at <c>memory-bank start</c>.
/// </remarks>
internal sealed class JournalCheck : HealthCheck
{
    public override string Name => CheckNames.Journal;

    public override CheckResult Run(CheckContext context)
    {
        var path = Path.Combine(context.StateDirectory, "journal.json");
        if (!File.Exists(path))
        {
            return Pass("No interrupted sync.");
        }

        if (SyncLock.Inspect(context.StateDirectory) is { } holder && !SyncLock.IsStale(holder))
        {
            return Pass($"A sync is running ({holder}); its journal is expected.");
        }

        var found = $"A sync was interrupted while updating the work tree{Describe(path)}: some bank files may be merged and others not, and the branch may lack the fold.";
        const string Fix = "Run memory-bank start (Start-MemorySession): it merges again from the last recorded base, finishes the interrupted sync and removes the journal; nothing is lost.";
        return context.Repair
            ? Warn(found + " Not repaired: only a sync finishes it safely.", Fix)
            : Warn(found, Fix);
    }

    /// <summary>" (folding abc123def456 into main)" from the journal, or empty when it cannot be read.</summary>
    private static string Describe(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("fold", out var fold) && fold.ValueKind == JsonValueKind.String
                && root.TryGetProperty("branch", out var branch) && branch.ValueKind == JsonValueKind.String)
            {
                var commit = fold.GetString()!;
                return $" (folding {commit[..Math.Min(12, commit.Length)]} into {branch.GetString()})";
            }
        }
        catch (JsonException)
        {
            // Half-written by a process killed mid-write; the file's presence is what matters.
        }

        return string.Empty;
    }
}
