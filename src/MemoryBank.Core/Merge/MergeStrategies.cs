using MemoryBank.Core.Config;

namespace MemoryBank.Core.Merge;

/// <summary>Maps strategy names and kinds to their pure merge implementations.</summary>
public static class MergeStrategies
{
    private static readonly NamedKind[] s_names =
    [
        new("union", MergeStrategyKind.Union),
        new("theirs", MergeStrategyKind.Theirs),
        new("graph", MergeStrategyKind.Graph),
        new("ours", MergeStrategyKind.Ours),
    ];

    /// <summary>The strategy for <paramref name="kind"/>. Strategies are stateless; a new instance is cheap.</summary>
    public static IMergeStrategy Create(MergeStrategyKind kind) => kind switch
    {
        MergeStrategyKind.Union => new UnionMerge(),
        MergeStrategyKind.Theirs => new LatestWinsMerge(),
        MergeStrategyKind.Graph => new GraphMerge(),
        MergeStrategyKind.Ours => new OursMerge(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown merge strategy."),
    };

    /// <summary>Parses a strategy name (union, theirs, graph, ours; case-insensitive).</summary>
    public static bool TryParse(string name, out MergeStrategyKind kind)
    {
        // Spelled out rather than Enum.GetValues, whose generic code the merge driver would JIT-compile in
        // every process.
        foreach (var candidate in s_names)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate.Kind;
                return true;
            }
        }

        kind = default;
        return false;
    }

    private sealed record NamedKind(string Name, MergeStrategyKind Kind);
}
