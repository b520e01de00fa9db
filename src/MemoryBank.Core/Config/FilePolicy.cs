namespace MemoryBank.Core.Config;

/// <summary>The policy for one bank file: how it merges, how often it should be saved, and how it is harvested.</summary>
/// <param name="Name">The file name relative to the bank folder, for example <c>activeContext.md</c>.</param>
/// <param name="Strategy">The merge strategy.</param>
/// <param name="Tier">How soon unsaved changes count as overdue.</param>
/// <param name="Harvest">The harvest rule, or null when the file is never harvested.</param>
/// <param name="Chronological">New entries are kept in time order (SESSION_LOG.md).</param>
public sealed record FilePolicy(
    string Name,
    MergeStrategyKind Strategy,
    SyncTier Tier,
    HarvestPolicy? Harvest = null,
    bool Chronological = false);
