namespace MemoryBank.Bench.Corpus;

/// <summary>The three inputs of a 3-way merge and how many entries a correct union of them holds.</summary>
/// <param name="Base">The common ancestor.</param>
/// <param name="Ours">Base plus this side's new entries.</param>
/// <param name="Theirs">Base plus the other side's new entries.</param>
/// <param name="BaseEntries">Entries in base.</param>
/// <param name="ExpectedEntries">Entries in the union: base plus both sides' additions.</param>
internal sealed record MergeInputs(string Base, string Ours, string Theirs, int BaseEntries, int ExpectedEntries);
