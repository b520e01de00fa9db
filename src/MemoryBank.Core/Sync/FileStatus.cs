using MemoryBank.Core.Config;

namespace MemoryBank.Core.Sync;

/// <summary>One row of Get-MemorySyncStatus / <c>memory-bank status</c>. Property names match the <c>--json</c> fields.</summary>
public sealed class FileStatus
{
    /// <summary>The file, relative to the bank folder.</summary>
    public required string File { get; init; }

    /// <summary>How it merges.</summary>
    public MergeStrategyKind Strategy { get; init; }

    /// <summary>How soon unsaved changes count as overdue.</summary>
    public SyncTier Tier { get; init; }

    /// <summary>Entries added locally and not yet saved.</summary>
    public int LocalAdded { get; init; }

    /// <summary>Entries removed locally and not yet saved.</summary>
    public int LocalRemoved { get; init; }

    /// <summary>Entries added on the remote and not yet pulled.</summary>
    public int RemoteAdded { get; init; }

    /// <summary>Entries removed on the remote and not yet pulled.</summary>
    public int RemoteRemoved { get; init; }

    /// <summary>When this clone last synced (start or save), or null if never.</summary>
    public DateTimeOffset? LastSync { get; init; }

    /// <summary>Unsaved changes are older than the tier allows.</summary>
    public bool Overdue { get; init; }

    /// <summary>Lines or items counted against the harvest threshold (0 when not harvested).</summary>
    public int HarvestCount { get; init; }

    /// <summary>The harvest threshold, or null when the file is never harvested.</summary>
    public int? HarvestThreshold { get; init; }

    /// <summary>What <see cref="HarvestCount"/> counts.</summary>
    public HarvestUnit? HarvestUnit { get; init; }

    /// <summary>Conflict copies of this file waiting in the bank's conflicts folder.</summary>
    public int ConflictCopies { get; init; }

    /// <summary>The merge driver for this file's strategy is registered in this clone.</summary>
    public bool DriverRegistered { get; init; }

    /// <summary>An offline save waits to be published.</summary>
    public bool PendingPublish { get; init; }
}
