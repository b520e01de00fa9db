using MemoryBank.Core.Config;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// What <see cref="HarvestPlanner.Plan"/> reads: the configuration, the buffers' current text and lookups
/// into the repository. Planning does no I/O of its own.
/// </summary>
public sealed class HarvestInput
{
    /// <summary>The configuration; its file policies with a harvest rule name the buffers and their targets.</summary>
    public required MemoryBankConfig Config { get; init; }

    /// <summary>The current text of each buffer, keyed by its name relative to the bank folder; a buffer not here is skipped.</summary>
    public required IReadOnlyDictionary<string, string> Buffers { get; init; }

    /// <summary>Reads a repository-relative file (forward slashes); null when it is missing.</summary>
    public required Func<string, string?> ReadRepoFile { get; init; }

    /// <summary>Lists the file names in a repository-relative folder; empty when it is missing.</summary>
    public required Func<string, IReadOnlyList<string>> ListRepoFolder { get; init; }

    /// <summary>The harvest date: the dated patterns heading, the post-mortem file name, and an ADR's date when its entry has none.</summary>
    public required DateOnly Today { get; init; }

    /// <summary>Harvests buffers below their thresholds too (empty buffers stay as they are).</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Asked once per decision before it is planned, with its prospective ADR number and file; false leaves
    /// the decision in the inbox and its number free for the next one. Null accepts every decision.
    /// </summary>
    public Func<HarvestItem, bool>? ConfirmDecision { get; init; }
}
