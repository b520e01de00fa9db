using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Sync;

public sealed partial class MemorySync
{
    /// <summary>One row per bank file: unsaved and incoming changes, thresholds, conflicts, drivers.</summary>
    public IReadOnlyList<FileStatus> Status(StatusRequest request, CancellationToken cancellationToken = default)
    {
        using var context = Open(request.Path, persona: null);
        var warnings = new List<string>();
        if (!request.NoFetch)
        {
            request.Progress?.Report(new SyncProgress("Get-MemorySyncStatus", $"Fetching {context.SyncBranchDisplay}", 10));
            TryFetch(context, warnings, cancellationToken);
        }

        var (remote, pendingCommit, recordedBase) = ResolveTips(context);
        var baseCommit = remote is null ? null : ResolveBase(context, recordedBase, remote);
        var baseBank = context.BankAt(baseCommit);
        var remoteBank = context.BankAt(remote);
        var workTree = BankSnapshot.FromWorkTree(context.BankDirectory);
        var pending = pendingCommit is not null;
        var now = _clock.GetUtcNow();

        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(context.Config.Files.Select(f => f.Name).Where(n => workTree.Get(n) is not null || remoteBank.Get(n) is not null));
        names.UnionWith(workTree.Files.Keys.Where(IsTracked));
        names.UnionWith(remoteBank.Files.Keys.Where(IsTracked));
        var conflicts = workTree.Files.Keys.Concat(remoteBank.Files.Keys).Where(p => !IsTracked(p)).Distinct().ToArray();

        var rows = new List<FileStatus>();
        request.Progress?.Report(new SyncProgress("Get-MemorySyncStatus", "Comparing", 60));
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var policy = context.Config.PolicyFor(name) ?? new FilePolicy(name, MergeStrategyKind.Ours, SyncTier.Daily);
            var (localAdded, localRemoved) = Count(baseBank.Get(name), workTree.Get(name), policy.Strategy, name);
            var (remoteAdded, remoteRemoved) = Count(baseBank.Get(name), remoteBank.Get(name), policy.Strategy, name);
            var unsaved = !BankSnapshot.SameBytes(baseBank.Get(name), workTree.Get(name));
            var path = Path.Combine(context.BankDirectory, name);
            var changedAt = File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : now;
            var stem = Path.GetFileNameWithoutExtension(name) + ".";
            rows.Add(new FileStatus
            {
                File = name,
                Strategy = policy.Strategy,
                Tier = policy.Tier,
                LocalAdded = localAdded,
                LocalRemoved = localRemoved,
                RemoteAdded = remoteAdded,
                RemoteRemoved = remoteRemoved,
                LastSync = context.State.LastSync,
                Overdue = unsaved && IsOverdue(policy.Tier, changedAt, now, context.State.LastStart),
                HarvestCount = policy.Harvest is null || workTree.Get(name) is not { } bytes ? 0 : HarvestCount(bytes, policy),
                HarvestThreshold = policy.Harvest?.Threshold,
                HarvestUnit = policy.Harvest?.Unit,
                ConflictCopies = conflicts.Count(c => Path.GetFileName(c).StartsWith(stem, StringComparison.Ordinal)),
                DriverRegistered = context.GitConfig.Get($"merge.{GitAttributesBlock.DriverName(policy.Strategy)}.driver") is not null,
                PendingPublish = pending,
            });
        }

        request.Progress?.Report(new SyncProgress("Get-MemorySyncStatus", "Done", 100));
        return rows;
    }

    /// <summary>Unsaved changes are overdue when older than their tier: the current session, one day, or seven days.</summary>
    internal static bool IsOverdue(SyncTier tier, DateTimeOffset changedAt, DateTimeOffset now, DateTimeOffset? sessionStart) => tier switch
    {
        SyncTier.Session => sessionStart is { } start && changedAt < start,
        SyncTier.Daily => now - changedAt > TimeSpan.FromDays(1),
        SyncTier.Weekly => now - changedAt > TimeSpan.FromDays(7),
        _ => false,
    };

    private static bool IsTracked(string path) => !path.StartsWith(BankMerger.ConflictFolder + "/", StringComparison.Ordinal);

    private static (int Added, int Removed) Count(byte[]? before, byte[]? after, MergeStrategyKind strategy, string name)
    {
        if (BankSnapshot.SameBytes(before, after))
        {
            return (0, 0);
        }

        try
        {
            return EntryDiff.Count(before is null ? null : BankText.Decode(before, name), after is null ? null : BankText.Decode(after, name), strategy);
        }
        catch (BankFileFormatException)
        {
            return (after is null ? 0 : 1, before is null ? 0 : 1);
        }
    }

}
