namespace MemoryBank.Core.Merge;

/// <summary>
/// A pure 3-way merge of one bank file: no I/O, no clock, no randomness. Inputs and the result are the
/// decoded file text (a BOM travels as a leading U+FEFF).
/// </summary>
public interface IMergeStrategy
{
    /// <summary>Merges <paramref name="ours"/> and <paramref name="theirs"/> against their common <paramref name="base"/>.</summary>
    /// <exception cref="MemoryBank.Core.Markdown.BankFileFormatException">An input cannot be parsed by this strategy.</exception>
    MergeResult Merge(string @base, string ours, string theirs);
}
