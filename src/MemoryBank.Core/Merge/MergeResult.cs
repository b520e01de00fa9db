namespace MemoryBank.Core.Merge;

/// <summary>The merged text and what the merge did.</summary>
/// <param name="Text">The merged file content.</param>
/// <param name="Report">Counts, and any losing text that must be kept as a conflict copy.</param>
public sealed record MergeResult(string Text, MergeReport Report);

/// <summary>What a merge did, for people and for conflict copies.</summary>
/// <param name="AddedFromOurs">Entries (or sections, records) in the result that only ours added.</param>
/// <param name="AddedFromTheirs">Entries in the result that only theirs added.</param>
/// <param name="Removed">Base entries absent from the result.</param>
/// <param name="Losers">Text that lost a latest-wins decision; never dropped silently.</param>
public sealed record MergeReport(int AddedFromOurs, int AddedFromTheirs, int Removed, IReadOnlyList<LosingText> Losers)
{
    /// <summary>A report of a merge that changed nothing.</summary>
    public static MergeReport Empty { get; } = new(0, 0, 0, Array.Empty<LosingText>());
}

/// <summary>A side's version that lost a latest-wins decision.</summary>
/// <param name="Side">Which input lost.</param>
/// <param name="Section">The <c>##</c> heading line of the lost section, or empty for the preamble or a whole file.</param>
/// <param name="Text">The losing side's whole file text, so the conflict copy is a complete, readable file.</param>
/// <param name="Stamp">The losing side's update stamp, or null when it had none.</param>
public sealed record LosingText(MergeSide Side, string Section, string Text, UpdateStamp? Stamp);

/// <summary>Which input of a 3-way merge.</summary>
public enum MergeSide
{
    /// <summary>The current branch's version (git's %A).</summary>
    Ours,

    /// <summary>The other branch's version (git's %B).</summary>
    Theirs,
}
