using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Sync;

/// <summary>
/// Refuses a save that would delete more than the configured share of a union file's entries (default
/// 50%, and at least 10 entries) outside a harvest: it protects buffers from an agent truncating them.
/// </summary>
public static class MassDeletionGuard
{
    /// <summary>Throws <see cref="MassDeletionException"/> when a union file lost too many entries from <paramref name="base"/> to <paramref name="local"/>.</summary>
    public static void Check(MemoryBankConfig config, BankSnapshot @base, BankSnapshot local, bool allowDeletes)
    {
        if (allowDeletes)
        {
            return;
        }

        foreach (var (path, before) in @base.Files)
        {
            var policy = config.PolicyFor(path);
            if (policy?.Strategy != MergeStrategyKind.Union || path.StartsWith(BankMerger.ConflictFolder + "/", StringComparison.Ordinal))
            {
                continue;
            }

            if (BankSnapshot.SameBytes(before, local.Get(path)))
            {
                // Unchanged: nothing deleted, and no need to parse it (SESSION_LOG is a union file).
                continue;
            }

            var beforeText = BankText.Decode(before, path);
            var afterText = local.Get(path) is { } after ? BankText.Decode(after, path) : string.Empty;
            var (_, removed) = EntryDiff.Count(beforeText, afterText, MergeStrategyKind.Union);
            if (removed < config.MassDeletionMinEntries)
            {
                // Too few to matter whatever the total: no need to parse the whole file for it.
                continue;
            }

            var total = DocumentParser.Parse(beforeText).Entries.Count;
            if (removed > total * config.MassDeletionShare)
            {
                throw new MassDeletionException(path, removed, total, config.MassDeletionShare);
            }
        }
    }
}

/// <summary>A save would delete too many entries; nothing was published or changed.</summary>
public sealed class MassDeletionException : MemoryBankException
{
    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    public MassDeletionException(string path, int removed, int total, double share)
        : base(
            "MassDeletionBlocked",
            $"Saving would delete {removed} of the {total} entries in {path} (more than {share:P0}); this looks like a truncated buffer, so nothing was saved. If the deletion is intended, run 'memory-bank save --allow-deletes' (Save-MemorySession -AllowDeletes); to move entries into docs, use harvest. To undo, restore the file with 'git checkout -- {path}'.",
            path)
    {
        Removed = removed;
        Total = total;
    }

    /// <summary>Entries that would be deleted.</summary>
    public int Removed { get; }

    /// <summary>Entries before the change.</summary>
    public int Total { get; }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => MemoryBankErrorKind.InvalidInput;
}
