namespace MemoryBank.Core.Backup;

/// <summary>What an import does to one file.</summary>
public enum ImportAction
{
    /// <summary>The file was missing locally and is added (also used for a conflict copy the merge keeps).</summary>
    Added,

    /// <summary>The local file and the archive's were merged, and the local file changes.</summary>
    Merged,

    /// <summary>The local file differs from the archive's and is kept as it is.</summary>
    Skipped,

    /// <summary>The local file is replaced with the archive's.</summary>
    Overwritten,

    /// <summary>The local file already holds everything the archive's does; it does not change.</summary>
    Unchanged,
}
