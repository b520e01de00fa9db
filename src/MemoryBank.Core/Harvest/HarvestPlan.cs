namespace MemoryBank.Core.Harvest;

/// <summary>
/// The outcome of <see cref="HarvestPlanner.Plan"/>: the entries to move and the full new text of every
/// buffer and document that changes. Nothing has been written; applying the plan means writing
/// <see cref="BufferTexts"/> and <see cref="DocTexts"/>.
/// </summary>
public sealed class HarvestPlan
{
    /// <summary>The harvested entries, buffer by buffer in configuration order, each buffer's in file order.</summary>
    public required IReadOnlyList<HarvestItem> Items { get; init; }

    /// <summary>The new text of each changed buffer, keyed by its name relative to the bank folder.</summary>
    public required IReadOnlyDictionary<string, string> BufferTexts { get; init; }

    /// <summary>The full new content of each changed or new document, keyed by its repository-relative path.</summary>
    public required IReadOnlyDictionary<string, string> DocTexts { get; init; }

    /// <summary>Why buffers were left alone or decisions skipped, one line each.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>True when nothing is harvested.</summary>
    public bool IsEmpty => Items.Count == 0;

    /// <summary>One line for the session log saying what moved where.</summary>
    public required string SessionLogSummary { get; init; }
}
