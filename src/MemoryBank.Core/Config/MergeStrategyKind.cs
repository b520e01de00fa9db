namespace MemoryBank.Core.Config;

/// <summary>How a bank file merges when two clones changed it.</summary>
public enum MergeStrategyKind
{
    /// <summary>Entry-level 3-way union: every added entry kept once, removals honoured.</summary>
    Union,

    /// <summary>Latest wins per <c>##</c> section, decided by the file's update stamp; losers become conflict copies.</summary>
    Theirs,

    /// <summary>The MCP memory server's JSON Lines knowledge graph: entities and relations merged as 3-way sets.</summary>
    Graph,

    /// <summary>Always keep this clone's version.</summary>
    Ours,
}
