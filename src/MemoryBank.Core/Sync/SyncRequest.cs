namespace MemoryBank.Core.Sync;

/// <summary>What Start or Save should do. Cmdlets and CLI verbs build one and hand it to MemorySync.</summary>
public sealed class SyncRequest
{
    /// <summary>A folder inside the repository.</summary>
    public required string Path { get; init; }

    /// <summary>The persona; null resolves through MEMORYBANK_PERSONA, memorybank.persona, user.name, then the host name.</summary>
    public string? Persona { get; init; }

    /// <summary>Save only: an extra line for the commit message and the SESSION_LOG entry.</summary>
    public string? Message { get; init; }

    /// <summary>Save only: allow deleting more than the mass-deletion guard permits.</summary>
    public bool AllowDeletes { get; init; }

    /// <summary>Save only: commit locally and do not use the network; the next start or save publishes.</summary>
    public bool LocalOnly { get; init; }

    /// <summary>Save only: secret-guard rules to allow for this run (see docs/secret-guard.md).</summary>
    public IReadOnlyCollection<string> AllowSecretRules { get; init; } = Array.Empty<string>();

    /// <summary>Receives progress of the network and merge steps.</summary>
    public IProgress<SyncProgress>? Progress { get; init; }
}

/// <summary>A progress report: the step and a percentage.</summary>
/// <param name="Activity">The operation, for example "Save-MemorySession".</param>
/// <param name="Status">The step, for example "Fetching origin/main".</param>
/// <param name="PercentComplete">0–100.</param>
public sealed record SyncProgress(string Activity, string Status, int PercentComplete);
