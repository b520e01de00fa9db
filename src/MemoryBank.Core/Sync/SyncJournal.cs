using System.Text.Json;
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
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this));

    public static SyncJournal? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<SyncJournal>(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
