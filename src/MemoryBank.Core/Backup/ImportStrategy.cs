namespace MemoryBank.Core.Backup;

/// <summary>What an import does with a file that exists both locally and in the archive, with different content.</summary>
public enum ImportStrategy
{
    /// <summary>Merge the two with the file's own strategy, as a 2-way merge (nothing is lost).</summary>
    Merge,

    /// <summary>Keep the local file; only files missing locally are added.</summary>
    Skip,

    /// <summary>Replace the local file with the archive's; a pre-import backup is needed (<see cref="ImportPlan.NeedsBackup"/>).</summary>
    Overwrite,
}
