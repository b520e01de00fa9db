namespace MemoryBank.Core.Config;

/// <summary>When and where a buffer's entries are harvested into formal docs.</summary>
/// <param name="Threshold">The count at which the buffer is due for harvest.</param>
/// <param name="Unit">What <paramref name="Threshold"/> counts.</param>
/// <param name="Target">Repository-relative target: a file (Patterns.md) or a folder (post-mortems, ADRs).</param>
/// <param name="Kind">What the harvest writes: patterns, lessons or decisions.</param>
public sealed record HarvestPolicy(int Threshold, HarvestUnit Unit, string Target, HarvestKind Kind);

/// <summary>The kind of formal document a buffer is harvested into.</summary>
public enum HarvestKind
{
    /// <summary>Appended to a patterns catalogue under a dated heading.</summary>
    Patterns,

    /// <summary>Written to a dated post-mortem file, one section per lesson.</summary>
    Lessons,

    /// <summary>One numbered ADR per decision.</summary>
    Decisions,
}
