namespace MemoryBank.Core.Config;

/// <summary>How long unsaved changes to a file may wait before status flags them as overdue.</summary>
public enum SyncTier
{
    /// <summary>Save at the end of every session.</summary>
    Session,

    /// <summary>Save at least once a day.</summary>
    Daily,

    /// <summary>Save at least once a week.</summary>
    Weekly,
}
