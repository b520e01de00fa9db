namespace MemoryBank.Core.Config;

/// <summary>What a harvest threshold counts.</summary>
public enum HarvestUnit
{
    /// <summary>Non-blank lines of the file's entries (the preamble does not count).</summary>
    Lines,

    /// <summary>Entries.</summary>
    Items,
}
