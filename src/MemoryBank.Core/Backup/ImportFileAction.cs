namespace MemoryBank.Core.Backup;

/// <summary>What an import does to one file of the archive (or to a conflict copy it adds).</summary>
/// <param name="File">The bank-relative path.</param>
/// <param name="Action">What happens to the file.</param>
/// <param name="EntriesAdded">
/// Entries (list items or sections; records of a knowledge graph; <c>##</c> sections of a latest-wins file)
/// the archive brings that the local file lacks: for an added file all of its entries, for a merge the ones it
/// adds; 0 for a skipped, overwritten or unchanged file.
/// </param>
/// <param name="EntriesMerged">
/// For a merge (<see cref="ImportAction.Merged"/>, or <see cref="ImportAction.Unchanged"/> after merging): the
/// archive's entries that the local file already had, kept once or decided by the file's strategy. Null when
/// no merge ran.
/// </param>
public sealed record ImportFileAction(string File, ImportAction Action, int EntriesAdded, int? EntriesMerged);
