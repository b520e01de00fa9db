namespace MemoryBank.Core.Merge;

/// <summary>
/// The <c>ours</c> strategy: this clone's version always stands, whatever the other side did, and the
/// report is empty because nothing from the other side was considered.
/// </summary>
public sealed class OursMerge : IMergeStrategy
{
    /// <inheritdoc />
    public MergeResult Merge(string @base, string ours, string theirs)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        return new MergeResult(ours, MergeReport.Empty);
    }
}
