using MemoryBank.Core.Config;

namespace MemoryBank.Core.Harvest;

/// <summary>One buffer entry moved into a formal document.</summary>
public sealed class HarvestItem
{
    /// <summary>The buffer the entry comes from, relative to the bank folder.</summary>
    public required string SourceFile { get; init; }

    /// <summary>The entry's original text, byte for byte as the buffer held it.</summary>
    public required string Entry { get; init; }

    /// <summary>The repository-relative document the entry goes to.</summary>
    public required string TargetFile { get; init; }

    /// <summary>The ADR number of a decision; null for patterns and lessons.</summary>
    public int? AdrNumber { get; init; }

    /// <summary>What kind of document the entry becomes.</summary>
    public required HarvestKind Kind { get; init; }

    /// <summary>The entry's first line without its list marker, date and persona.</summary>
    public required string Title { get; init; }

    /// <summary>The persona the entry names in brackets, or null.</summary>
    public string? Persona { get; init; }

    /// <summary>The date the entry starts with, or null.</summary>
    public DateOnly? Date { get; init; }
}
