namespace MemoryBank.Core.Sync;

/// <summary>What Get-MemorySyncStatus should look at.</summary>
public sealed class StatusRequest
{
    /// <summary>A folder inside the repository.</summary>
    public required string Path { get; init; }

    /// <summary>Skip the fetch; report remote changes as of the last fetch.</summary>
    public bool NoFetch { get; init; }

    /// <summary>Receives progress of the fetch.</summary>
    public IProgress<SyncProgress>? Progress { get; init; }
}
