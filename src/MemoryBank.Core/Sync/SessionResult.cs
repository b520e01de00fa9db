namespace MemoryBank.Core.Sync;

/// <summary>The outcome of Start or Save. Property names match the CLI's <c>--json</c> fields.</summary>
public sealed class SessionResult
{
    /// <summary>Start or Save.</summary>
    public required string Operation { get; init; }

    /// <summary>The persona the session ran as.</summary>
    public required string Persona { get; init; }

    /// <summary>This machine's host name.</summary>
    public required string Host { get; init; }

    /// <summary>The current branch (never switched).</summary>
    public required string Branch { get; init; }

    /// <summary>The remote branch synced with, for example <c>origin/main</c>.</summary>
    public required string SyncBranch { get; init; }

    /// <summary>The remote could not be reached; the work is kept locally.</summary>
    public bool Offline { get; init; }

    /// <summary>A commit was published to the sync branch in this run.</summary>
    public bool Published { get; init; }

    /// <summary>The published (or, offline, the pending) commit, if any.</summary>
    public string? Commit { get; init; }

    /// <summary>An unpublished commit is waiting under <c>refs/memory-bank/pending</c>.</summary>
    public bool Pending { get; init; }

    /// <summary>Nothing changed locally or remotely.</summary>
    public bool UpToDate { get; init; }

    /// <summary>Per-file changes: what came in from others (Start) or what this clone published (Save).</summary>
    public required IReadOnlyList<FileChange> Files { get; init; }

    /// <summary>Harvest-threshold, overdue-tier and health warnings.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The first heading or line of activeContext.md's current content.</summary>
    public string? Headline { get; init; }

    /// <summary>Conflict copies written in this run (bank-relative paths).</summary>
    public required IReadOnlyList<string> ConflictCopies { get; init; }
}

/// <summary>How one bank file changed in a sync.</summary>
public sealed class FileChange
{
    /// <summary>The file, relative to the bank folder.</summary>
    public required string File { get; init; }

    /// <summary>Entries added.</summary>
    public int Added { get; init; }

    /// <summary>Entries removed.</summary>
    public int Removed { get; init; }

    /// <summary>Who the incoming change came from (Start), or this persona (Save).</summary>
    public required IReadOnlyList<string> From { get; init; }
}
