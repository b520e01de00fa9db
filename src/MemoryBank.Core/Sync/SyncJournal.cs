using MemoryBank.Core.IO;

namespace MemoryBank.Core.Sync;

/// <summary>
/// Written before a sync changes the working tree and the branch, deleted after: <c>.git/memory-bank/journal.json</c>.
/// A run that finds it knows the previous one was interrupted, and finishes what it names.
/// </summary>
/// <param name="Fold">The commit whose bank (and files) were being folded into the branch.</param>
/// <param name="Base">The new merge base being recorded.</param>
/// <param name="Branch">The branch being folded into.</param>
/// <param name="Files">Repository paths outside the bank that the run writes (a harvest's docs).</param>
internal sealed record SyncJournal(string Fold, string Base, string Branch, IReadOnlyList<string> Files)
{
    public void Write(string path) => AtomicFile.WriteAllText(path, StateJson.Write(writer =>
    {
        writer.String(nameof(Fold), Fold);
        writer.String(nameof(Base), Base);
        writer.String(nameof(Branch), Branch);
        writer.StringArray(nameof(Files), Files);
    }));

    public static SyncJournal? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var root = StateJson.Parse(File.ReadAllText(path));
            var files = StateJson.StringArray(root, nameof(Files));
            return StateJson.String(root, nameof(Fold)) is { } fold
                ? new SyncJournal(fold, StateJson.String(root, nameof(Base)) ?? fold, StateJson.String(root, nameof(Branch)) ?? string.Empty, files)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
