using MemoryBank.Core.Config;

namespace MemoryBank.Core.Merge;

/// <summary>Maps strategy names and kinds to their pure merge implementations.</summary>
public static class MergeStrategies
{
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
        foreach (var candidate in Enum.GetValues<MergeStrategyKind>())
        {
            if (string.Equals(candidate.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
