using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Sync;

/// <summary>
/// Merges whole banks, file by file, each with its policy's strategy: base (last sync), local (this
/// clone) and remote (the sync branch). No edit is lost: a file deleted on one side and changed on the
/// other is kept, and latest-wins losers become conflict copies.
/// </summary>
public static class BankMerger
{
    /// <summary>The bank-relative folder that holds conflict copies.</summary>
    public const string ConflictFolder = "conflicts";

    /// <summary>Merges <paramref name="local"/> and <paramref name="remote"/> against <paramref name="base"/>.</summary>
    /// <exception cref="BankFileFormatException">A file cannot be decoded or parsed; nothing is written.</exception>
    /// <exception cref="MemoryBankException">A bank path is a file on one side and a folder on another; nothing is written.</exception>
    public static BankMergeOutcome Merge(MemoryBankConfig config, BankSnapshot @base, BankSnapshot local, BankSnapshot remote)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var losers = new List<ConflictCopy>();
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        paths.UnionWith(@base.Files.Keys);
        paths.UnionWith(local.Files.Keys);
        paths.UnionWith(remote.Files.Keys);
        RefuseFileFolderClash(config, paths, local);
        foreach (var path in paths)
        {
            var merged = MergeFile(config, path, @base.Get(path), local.Get(path), remote.Get(path), losers);
            if (merged is not null)
            {
                result[path] = merged;
            }
        }

        foreach (var copy in losers)
        {
            if (!result.ContainsKey(copy.Path))
            {
                result[copy.Path] = copy.Content;
            }
        }

        return new BankMergeOutcome(new BankSnapshot(result), losers);
    }

    private static byte[]? MergeFile(MemoryBankConfig config, string path, byte[]? b, byte[]? l, byte[]? r, List<ConflictCopy> losers)
    {
        if (BankSnapshot.SameBytes(l, r))
        {
            return l;
        }

        if (BankSnapshot.SameBytes(b, l))
        {
            return r;
        }

        if (BankSnapshot.SameBytes(b, r))
        {
            return l;
        }

        // Changed on both sides. A deletion never beats an edit.
        if (l is null || r is null)
        {
            return l ?? r;
        }

        var policy = config.PolicyFor(path);
        if (policy is null)
        {
            // Not a file MemoryBank knows how to merge: keep this clone's and preserve the remote's beside it.
            losers.Add(new ConflictCopy($"{ConflictFolder}/{path.Replace('/', '_')}.remote", r, path));
            return l;
        }

        var baseText = b is null ? string.Empty : BankText.Decode(b, $"{path} (last sync)");
        var localText = BankText.Decode(l, $"{path} (local)");
        var remoteText = BankText.Decode(r, $"{path} (remote)");
        if (policy.Strategy == MergeStrategyKind.Theirs && StampLine.Strip(localText) == StampLine.Strip(remoteText))
        {
            // Same content, different stamps: the later stamp wins and nothing was lost.
            return UpdateStamp.Compare(UpdateStamp.TryRead(localText), UpdateStamp.TryRead(remoteText)) >= 0 ? l : r;
        }

        var merge = MergeStrategies.Create(policy.Strategy).Merge(baseText, localText, remoteText);
        foreach (var loser in merge.Report.Losers.GroupBy(x => x.Text).Select(g => g.First()))
        {
            if (StampLine.Strip(loser.Text) == StampLine.Strip(merge.Text))
            {
                continue;
            }

            var name = MergeDriverRunner.ConflictCopyName(path, loser.Stamp);
            losers.Add(new ConflictCopy($"{ConflictFolder}/{name}", BankText.Encode(loser.Text), path));
        }

        return BankText.Encode(merge.Text);
    }

    /// <summary>
    /// Refuses a path that is a file on one side and a folder on another (a bank file replaced by a folder of the
    /// same name): neither a git tree nor the work tree can hold both, and merging would drop one of them.
    /// </summary>
    private static void RefuseFileFolderClash(MemoryBankConfig config, SortedSet<string> paths, BankSnapshot local)
    {
        var localFolders = new HashSet<string>(local.Folders, StringComparer.Ordinal);
        var folders = new HashSet<string>(localFolders, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                folders.Add(path[..slash]);
                if (local.Get(path) is not null)
                {
                    localFolders.Add(path[..slash]);
                }
            }
        }

        if (paths.FirstOrDefault(folders.Contains) is not { } clash)
        {
            return;
        }

        var shown = $"{config.BankPath.TrimEnd('/')}/{clash}";
        var problem = localFolders.Contains(clash)
            ? $"'{shown}' is a folder in this clone, but a file in the bank (at the last sync or on the sync branch). Move the folder out of the memory bank and restore the file ('git checkout -- {shown}'), then run the command again."
            : $"'{shown}' is a file in one version of the bank and a folder in another (this clone, the last sync, the sync branch). Rename the file or the folder where it is wrong, then run the command again.";
        throw new MemoryBankException("BankPathIsFolder", problem + " A bank path cannot be both a file and a folder; nothing was changed or published.", shown);
    }

}

/// <summary>The merged bank and the conflict copies it gained.</summary>
/// <param name="Result">The merged bank, including the conflict copies.</param>
/// <param name="ConflictCopies">Latest-wins losers (and unmergeable remote versions) kept as files.</param>
public sealed record BankMergeOutcome(BankSnapshot Result, IReadOnlyList<ConflictCopy> ConflictCopies);

/// <summary>A losing version kept as a file in the bank.</summary>
/// <param name="Path">Bank-relative path of the copy, under <c>conflicts/</c>.</param>
/// <param name="Content">The losing version's bytes.</param>
/// <param name="Source">The bank file it lost in.</param>
public sealed record ConflictCopy(string Path, byte[] Content, string Source);
