using MemoryBank.Core.Config;
using MemoryBank.Core.Git;

namespace MemoryBank.Core.Sync;

/// <summary>Everything one sync run knows about the repository, resolved once at the start. Dispose ends its object reader.</summary>
internal sealed class SyncContext : IDisposable
{
    public required RepositoryInfo Repo { get; init; }

    public required GitClient Git { get; init; }

    public required GitObjects Objects { get; init; }

    public required MemoryBankConfig Config { get; init; }

    public required GitConfigSnapshot GitConfig { get; init; }

    public required string Branch { get; init; }

    public required string Persona { get; init; }

    public required string Host { get; init; }

    public required SyncState State { get; init; }

    public string BankPath => Config.BankPath;

    public void Dispose() => Objects.Dispose();

    /// <summary>Bank snapshots already read in this run, by commit: a commit's bank never changes.</summary>
    private Dictionary<string, BankSnapshot> Snapshots { get; } = new(StringComparer.Ordinal);

    /// <summary>The bank at <paramref name="commit"/> (empty for null), read once per run.</summary>
    public BankSnapshot BankAt(string? commit)
    {
        if (commit is null)
        {
            return BankSnapshot.Empty;
        }

        if (!Snapshots.TryGetValue(commit, out var snapshot))
        {
            snapshot = BankSnapshot.FromCommit(Objects, commit, BankPath);
            Snapshots[commit] = snapshot;
        }

        return snapshot;
    }

    public string BankDirectory => BankPaths.Resolve(Repo.Root, Config.BankPath);

    public string StateDirectory => Repo.StateDir;

    public string RemoteTrackingRef => $"refs/remotes/{Config.Remote}/{Config.SyncBranch}";

    public string SyncBranchDisplay => $"{Config.Remote}/{Config.SyncBranch}";

    /// <summary>Author and committer for commits when the clone has no identity configured.</summary>
    public IReadOnlyDictionary<string, string>? Identity =>
        GitConfig.Get("user.email") is null || GitConfig.Get("user.name") is null
            ? new Dictionary<string, string>
            {
                ["GIT_AUTHOR_NAME"] = GitConfig.Get("user.name") ?? "MemoryBank",
                ["GIT_AUTHOR_EMAIL"] = GitConfig.Get("user.email") ?? "memory-bank@localhost",
                ["GIT_COMMITTER_NAME"] = GitConfig.Get("user.name") ?? "MemoryBank",
                ["GIT_COMMITTER_EMAIL"] = GitConfig.Get("user.email") ?? "memory-bank@localhost",
            }
            : null;
}
