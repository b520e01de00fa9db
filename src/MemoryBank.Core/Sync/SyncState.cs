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
            if (!File.Exists(path))
            {
                return new SyncState();
            }

            var root = StateJson.Parse(File.ReadAllText(path));
            var state = new SyncState
            {
                LastSync = StateJson.Time(root, nameof(LastSync)),
                LastStart = StateJson.Time(root, nameof(LastStart)),
                LastSave = StateJson.Time(root, nameof(LastSave)),
                PendingBranch = StateJson.String(root, nameof(PendingBranch)),
            };
            foreach (var (branch, commit) in StateJson.Strings(root, nameof(Bases)))
            {
                state.Bases[branch] = commit;
            }

            return state;
        }
        catch (FormatException)
        {
            // A damaged state file costs only the merge base, which falls back to git's merge base.
            return new SyncState();
        }
    }

    /// <summary>Saves the state atomically.</summary>
    public void Save(string stateDirectory)
    {
        var json = StateJson.Write(writer =>
        {
            writer.Strings(nameof(Bases), Bases.OrderBy(b => b.Key, StringComparer.Ordinal));
            writer.Time(nameof(LastSync), LastSync);
            writer.Time(nameof(LastStart), LastStart);
            writer.Time(nameof(LastSave), LastSave);
            writer.String(nameof(PendingBranch), PendingBranch);
        });
        AtomicFile.WriteAllText(Path.Combine(stateDirectory, "state.json"), json);
    }
}
