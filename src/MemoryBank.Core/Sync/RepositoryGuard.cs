using MemoryBank.Core.Git;

namespace MemoryBank.Core.Sync;

/// <summary>Refuses to sync while the repository is mid-merge, mid-rebase, mid-cherry-pick or on a detached HEAD.</summary>
public static class RepositoryGuard
{
    /// <summary>Returns the current branch name, or throws <see cref="UnsafeRepositoryStateException"/>.</summary>
    public static string RequireSafeBranch(GitClient git, RepositoryInfo repo)
    {
        var markers = new (string File, string State, string Next)[]
        {
            ("MERGE_HEAD", "in the middle of a merge", "finish it with 'git commit' or abort it with 'git merge --abort'"),
            ("rebase-merge", "in the middle of a rebase", "finish it with 'git rebase --continue' or abort it with 'git rebase --abort'"),
            ("rebase-apply", "in the middle of a rebase or 'git am'", "finish it with 'git rebase --continue' or abort it with 'git rebase --abort'"),
            ("CHERRY_PICK_HEAD", "in the middle of a cherry-pick", "finish it with 'git cherry-pick --continue' or abort it with 'git cherry-pick --abort'"),
            ("REVERT_HEAD", "in the middle of a revert", "finish it with 'git revert --continue' or abort it with 'git revert --abort'"),
            ("BISECT_LOG", "in the middle of a bisect", "end it with 'git bisect reset'"),
        };
        foreach (var (file, state, next) in markers)
        {
            var path = Path.Combine(repo.GitDir, file);
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new UnsafeRepositoryStateException(repo.Root, $"The repository '{repo.Root}' is {state}; syncing now could mix the bank into it. Nothing was touched: {next}, then run the command again.");
            }
        }

        var head = git.Run(["symbolic-ref", "-q", "HEAD"], new GitRunOptions { AcceptedExitCodes = [1] });
        if (head.ExitCode != 0)
        {
            throw new UnsafeRepositoryStateException(repo.Root, $"HEAD is detached in '{repo.Root}'; MemoryBank commits bank changes to the current branch, so it needs one. Nothing was touched: check out a branch ('git switch <branch>'), then run the command again.");
        }

        var branch = head.Text;
        const string prefix = "refs/heads/";
        return branch.StartsWith(prefix, StringComparison.Ordinal) ? branch[prefix.Length..] : branch;
    }
}

/// <summary>The repository is in a state where syncing is unsafe; nothing was touched (CLI exit code 4).</summary>
public sealed class UnsafeRepositoryStateException : MemoryBankException
{
    /// <summary>Creates the error for the repository at <paramref name="root"/>.</summary>
    public UnsafeRepositoryStateException(string root, string message)
        : base("UnsafeRepositoryState", message, root)
    {
    }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => MemoryBankErrorKind.UnsafeRepositoryState;
}
