using System.Text.Json;
using MemoryBank.Core.IO;

namespace MemoryBank.Core.Sync;

/// <summary>
/// What this clone remembers between syncs, in <c>.git/memory-bank/state.json</c>: per branch, the sync
/// branch commit whose bank was last folded into it (the merge base of the next sync), and times.
/// </summary>
public sealed class SyncState
{
    /// <summary>Branch name → the remote commit last synced into it.</summary>
    public Dictionary<string, string> Bases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When the last start or save finished.</summary>
    public DateTimeOffset? LastSync { get; set; }

    /// <summary>When the last start finished (the session tier's clock).</summary>
    public DateTimeOffset? LastStart { get; set; }

    /// <summary>When the last save finished.</summary>
    public DateTimeOffset? LastSave { get; set; }

    /// <summary>The branch an offline save was folded into, while it waits to be published.</summary>
    public string? PendingBranch { get; set; }

    /// <summary>Loads the state, or a fresh one when there is none or it is unreadable.</summary>
    public static SyncState Load(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, "state.json");
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<SyncState>(File.ReadAllText(path)) ?? new SyncState() : new SyncState();
        }
        catch (JsonException)
        {
            // A damaged state file costs only the merge base, which falls back to git's merge base.
            return new SyncState();
        }
    }

    /// <summary>Saves the state atomically.</summary>
    public void Save(string stateDirectory)
    {
        AtomicFile.WriteAllText(Path.Combine(stateDirectory, "state.json"), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
    }
}
