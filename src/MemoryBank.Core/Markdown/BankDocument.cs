namespace MemoryBank.Core.Markdown;

/// <summary>
/// A bank file as a preamble followed by ordered entries. Concatenating <see cref="Preamble"/> and every
/// entry's <see cref="Entry.Text"/> gives back the original text exactly (BOM, line endings, a missing
/// final newline and all).
/// </summary>
/// <param name="Preamble">Everything before the first entry, including a BOM and a stamp line.</param>
/// <param name="Entries">The entries in file order.</param>
/// <param name="EntryKind">How this file's entries are delimited; null when it has none.</param>
/// <param name="EntryHeadingLevel">The heading level of section entries (1–6), or 0 for list entries or none.</param>
/// <param name="LineEnding">The file's dominant line ending (<c>\n</c> or <c>\r\n</c>), used when joining text.</param>
public sealed record BankDocument(
    string Preamble,
    IReadOnlyList<Entry> Entries,
    EntryKind? EntryKind,
    int EntryHeadingLevel,
    string LineEnding)
{
    /// <summary>The text this document stands for.</summary>
    public string ToText() => Preamble + string.Concat(Entries.Select(e => e.Text));
}
