namespace MemoryBank.Core.Git;

/// <summary>Where a repository's work tree and git folder are.</summary>
/// <param name="Root">The work tree's top folder.</param>
/// <param name="GitDir">The absolute git folder (for a linked worktree, its own folder).</param>
/// <param name="CommonDir">The absolute common git folder shared by all worktrees (holds config and refs).</param>
public sealed record RepositoryInfo(string Root, string GitDir, string CommonDir)
{
    /// <summary>The folder that holds all MemoryBank state: <c>.git/memory-bank</c>.</summary>
    public string StateDir => Path.Combine(GitDir, "memory-bank");

    /// <summary>Finds the repository that contains <paramref name="path"/>.</summary>
    /// <exception cref="NotARepositoryException">The path is not inside a git work tree.</exception>
    public static RepositoryInfo Discover(GitClient git, string path)
    {
        if (!Directory.Exists(path))
        {
            throw new NotARepositoryException(path, $"The folder '{path}' does not exist.");
        }

        GitResult result;
        try
        {
            result = git.WithWorkingDirectory(path).Run(["rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir"]);
        }
        catch (GitCommandException ex) when (ex.ExitCode > 0)
        {
            throw new NotARepositoryException(path, $"'{path}' is not inside a git work tree ({ex.StandardError.Trim()}).", ex);
        }

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 3)
        {
            throw new NotARepositoryException(path, $"'{path}' is inside a git folder but not a work tree (a bare repository?).");
        }

        var root = Path.GetFullPath(lines[0]);
        var gitDir = Path.GetFullPath(lines[1]);
        var common = Path.GetFullPath(Path.IsPathRooted(lines[2]) ? lines[2] : Path.Combine(path, lines[2]));
        return new RepositoryInfo(root, gitDir, common);
    }
}

/// <summary>The path is not inside a git work tree: nothing can proceed.</summary>
public sealed class NotARepositoryException : MemoryBankException
{
    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    public NotARepositoryException(string path, string detail, Exception? innerException = null)
        : base("NotAGitRepository", $"{detail} Run MemoryBank inside a clone of your repository (cd into it, or pass -Path / --repo).", path, innerException)
    {
    }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => MemoryBankErrorKind.InvalidInput;
}
