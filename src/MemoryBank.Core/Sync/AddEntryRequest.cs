namespace MemoryBank.Core.Sync;

/// <summary>Quick capture: append one entry to a bank file.</summary>
public sealed class AddEntryRequest
{
    /// <summary>A folder inside the repository.</summary>
    public required string Path { get; init; }

    /// <summary>The file name, with or without <c>.md</c>, or a unique case-insensitive prefix (<c>lessons</c>).</summary>
    public required string File { get; init; }

    /// <summary>The entry text; more lines become nested under the item.</summary>
    public required string Text { get; init; }

    /// <summary>The persona; null resolves as for sync.</summary>
    public string? Persona { get; init; }
}

/// <summary>The entry that was added. Property names match the <c>--json</c> fields.</summary>
public sealed class EntryAddResult
{
    /// <summary>The file, relative to the bank folder.</summary>
    public required string File { get; init; }

    /// <summary>The entry as written, without its line ending.</summary>
    public required string Entry { get; init; }

    /// <summary>The persona recorded in the entry.</summary>
    public required string Persona { get; init; }
}
