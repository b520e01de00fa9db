using System.Text;
using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Backup;

/// <summary>
/// Plans the import of an archive's bank into the local bank. Pure: it returns the resulting snapshot and
/// what happens to each file, and the caller writes it (after a backup when <see cref="ImportPlan.NeedsBackup"/>).
/// </summary>
/// <remarks>
/// <para>
/// A file only in the archive is added, whatever the strategy; a file with the same bytes on both sides is
/// unchanged; files only in the local bank are kept. For a file on both sides that differs:
/// <see cref="ImportStrategy.Skip"/> keeps the local one, <see cref="ImportStrategy.Overwrite"/> takes the
/// archive's, and <see cref="ImportStrategy.Merge"/> runs the file's strategy as a 2-way merge with an empty
/// base (local is "ours", the archive "theirs"): union keeps every entry of both once, latest-wins takes each
/// section from the side with the later stamp, graph unites the two knowledge graphs, and ours keeps the
/// local file. A file with no strategy (not Markdown or JSON) is kept as it is locally.
/// </para>
/// <para>
/// As in a sync, no edit is lost: a version that loses a latest-wins decision is kept under
/// <c>conflicts/</c> and listed as an added file.
/// </para>
/// </remarks>
public static class ImportPlanner
{
    /// <summary>Plans importing <paramref name="archive"/> into <paramref name="local"/>.</summary>
    /// <param name="config">The repository's configuration; it gives each file's merge strategy.</param>
    /// <param name="local">The local bank.</param>
    /// <param name="archive">The archive's bank (from <see cref="BankArchive.Read"/>).</param>
    /// <param name="strategy">What to do with files on both sides that differ.</param>
    /// <exception cref="ArchiveException">A file in the archive is not UTF-8 text (<see cref="ArchiveException.FileInvalid"/>); nothing is planned.</exception>
    /// <exception cref="BankFileFormatException">A file to merge cannot be parsed by its strategy (a local file not UTF-8, a malformed knowledge graph).</exception>
    public static ImportPlan Plan(MemoryBankConfig config, BankSnapshot local, BankSnapshot archive, ImportStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(archive);
        if (!Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown import strategy.");
        }

        // Every archive file is checked first, so one bad file stops the import before any decision is made.
        var archiveTexts = DecodeArchive(archive);

        var result = new Dictionary<string, byte[]>(local.Files, StringComparer.Ordinal);
        var actions = new List<ImportFileAction>();
        var copies = new List<ConflictCopy>();
        foreach (var path in archive.Files.Keys.Order(StringComparer.Ordinal))
        {
            var incoming = archive.Files[path];
            var existing = local.Get(path);
            var policy = config.PolicyFor(path);
            if (existing is null)
            {
                result[path] = incoming;
                actions.Add(new ImportFileAction(path, ImportAction.Added, CountEntries(policy, archiveTexts[path]), null));
            }
            else if (existing.AsSpan().SequenceEqual(incoming))
            {
                actions.Add(new ImportFileAction(path, ImportAction.Unchanged, 0, null));
            }
            else if (strategy == ImportStrategy.Skip)
            {
                actions.Add(new ImportFileAction(path, ImportAction.Skipped, 0, null));
            }
            else if (strategy == ImportStrategy.Overwrite)
            {
                result[path] = incoming;
                actions.Add(new ImportFileAction(path, ImportAction.Overwritten, 0, null));
            }
            else
            {
                actions.Add(MergeFile(path, policy, existing, incoming, archiveTexts[path], result, copies));
            }
        }

        foreach (var copy in copies)
        {
            if (!result.ContainsKey(copy.Path))
            {
                result[copy.Path] = copy.Content;
                actions.Add(new ImportFileAction(copy.Path, ImportAction.Added, 0, null));
            }
        }

        return new ImportPlan(strategy, actions, new BankSnapshot(result));
    }

    private static ImportFileAction MergeFile(
        string path,
        FilePolicy? policy,
        byte[] existing,
        byte[] incoming,
        string archiveText,
        Dictionary<string, byte[]> result,
        List<ConflictCopy> copies)
    {
        if (policy is null || policy.Strategy == MergeStrategyKind.Ours)
        {
            return new ImportFileAction(path, ImportAction.Skipped, 0, null);
        }

        var localText = BankText.Decode(existing, $"{path} (local)");
        var total = CountEntries(policy, archiveText);
        if (policy.Strategy == MergeStrategyKind.Theirs && StampLine.Strip(localText) == StampLine.Strip(archiveText))
        {
            // Same content, different stamps: the later stamp stands and nothing is lost.
            if (UpdateStamp.Compare(UpdateStamp.TryRead(archiveText), UpdateStamp.TryRead(localText)) > 0)
            {
                result[path] = incoming;
                return new ImportFileAction(path, ImportAction.Merged, 0, total);
            }

            return new ImportFileAction(path, ImportAction.Unchanged, 0, total);
        }

        MergeResult merge;
        try
        {
            merge = MergeStrategies.Create(policy.Strategy).Merge(string.Empty, localText, archiveText);
        }
        catch (BankFileFormatException ex)
        {
            throw new BankFileFormatException(
                $"'{path}' could not be merged with the archive's version: {ex.Message} (Here \"ours\" is the local file and \"theirs\" the archive's.) Nothing was imported; fix the file, or import with the Skip or Overwrite strategy.",
                path,
                ex);
        }

        foreach (var loser in merge.Report.Losers.GroupBy(l => l.Text, StringComparer.Ordinal).Select(g => g.First()))
        {
            if (StampLine.Strip(loser.Text) != StampLine.Strip(merge.Text))
            {
                var name = MergeDriverRunner.ConflictCopyName(path, loser.Stamp);
                copies.Add(new ConflictCopy($"{BankMerger.ConflictFolder}/{name}", BankText.Encode(loser.Text), path));
            }
        }

        var added = merge.Report.AddedFromTheirs;
        var merged = Math.Max(0, total - added);
        var bytes = BankText.Encode(merge.Text);
        if (bytes.AsSpan().SequenceEqual(existing))
        {
            return new ImportFileAction(path, ImportAction.Unchanged, added, merged);
        }

        result[path] = bytes;
        return new ImportFileAction(path, ImportAction.Merged, added, merged);
    }

    /// <summary>How many entries <paramref name="text"/> holds for its strategy: what it adds to an empty file.</summary>
    private static int CountEntries(FilePolicy? policy, string text)
    {
        if (policy is null)
        {
            return 0;
        }

        var kind = policy.Strategy == MergeStrategyKind.Ours ? MergeStrategyKind.Union : policy.Strategy;
        try
        {
            return MergeStrategies.Create(kind).Merge(string.Empty, string.Empty, text).Report.AddedFromTheirs;
        }
        catch (BankFileFormatException)
        {
            // The count only informs; a file the strategy cannot parse is still added byte for byte.
            return 0;
        }
    }

    private static Dictionary<string, string> DecodeArchive(BankSnapshot archive)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, bytes) in archive.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            try
            {
                texts[path] = BankText.Decode(bytes, path);
            }
            catch (BankFileFormatException ex)
            {
                var reason = ex.InnerException is DecoderFallbackException ? "it is not valid UTF-8" : "it contains a NUL byte, so it looks binary";
                throw new ArchiveException(
                    ArchiveException.FileInvalid,
                    $"The archive's file '{path}' is not text: {reason}. Bank files must be UTF-8 text, so the import was refused and nothing was written. Remove or re-save the file in the bank the archive came from, export again, and import the new archive.",
                    path,
                    ex);
            }
        }

        return texts;
    }
}
