namespace MemoryBank.Core.Markdown;

/// <summary>
/// One entry of a bank file: a top-level list item with everything nested under it, or a heading
/// section at the file's entry level with its body. <see cref="Text"/> is the exact source span,
/// including its line endings and the blank lines that follow it.
/// </summary>
/// <param name="Text">The entry's source text, byte for byte.</param>
/// <param name="Kind">List item or heading section.</param>
/// <param name="Timestamp">The first ISO-8601 date or date-time in the entry's first line, or null.</param>
public sealed record Entry(string Text, EntryKind Kind, DateTimeOffset? Timestamp)
{
    /// <summary>
    /// The identity used by merges: the text with line endings as <c>\n</c>, trailing white space
    /// trimmed from each line and trailing blank lines dropped. Two entries with the same key are the same entry.
    /// </summary>
    public string Key { get; } = EntryKey.Of(Text);

    /// <summary>The first line, without its line ending.</summary>
    public string FirstLine => Text.AsSpan().IndexOfAny('\r', '\n') is var i and >= 0 ? Text[..i] : Text;

    /// <summary>The number of non-blank lines (what harvest thresholds count).</summary>
    public int NonBlankLineCount => Key.Length == 0 ? 0 : Key.Split('\n').Count(line => line.Trim().Length > 0);
}

/// <summary>How an entry is delimited.</summary>
public enum EntryKind
{
    /// <summary>A top-level list item and its nested content.</summary>
    ListItem,

    /// <summary>A heading at the file's entry level and its body.</summary>
    Section,
}
