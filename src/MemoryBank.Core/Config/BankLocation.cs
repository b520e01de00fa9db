namespace MemoryBank.Core.Config;

/// <summary>
/// The bank of the work tree that contains a folder, found from the file system alone: the nearest folder
/// upwards with a <c>.git</c> entry is the repository root, and its <c>.memorybank.json</c> names the bank
/// folder. For callers that must answer at once and may not start git, such as tab completion; commands
/// use <see cref="Git.RepositoryInfo.Discover"/>, which asks git.
/// </summary>
/// <param name="RepositoryRoot">The work tree's top folder.</param>
/// <param name="Config">The repository's effective configuration.</param>
/// <param name="BankDirectory">The absolute bank folder (it may not exist yet).</param>
public sealed record BankLocation(string RepositoryRoot, MemoryBankConfig Config, string BankDirectory)
{
    /// <summary>Finds the bank of the work tree containing <paramref name="folder"/>, or null outside any work tree.</summary>
    /// <exception cref="ConfigException"><c>.memorybank.json</c> is invalid.</exception>
    /// <exception cref="MemoryBankException">The configured bank path leaves the repository.</exception>
    public static BankLocation? Find(string folder)
    {
        var root = FindRepositoryRoot(folder);
        if (root is null)
        {
            return null;
        }

        var config = ConfigLoader.Load(root);
        return new BankLocation(root, config, BankPaths.Resolve(root, config.BankPath));
    }

    /// <summary>
    /// The nearest folder at or above <paramref name="folder"/> that holds a <c>.git</c> entry: a folder, or
    /// the file that points a linked worktree or a submodule at its git folder. Null when there is none.
    /// </summary>
    public static string? FindRepositoryRoot(string folder)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(folder)); current is not null; current = current.Parent)
        {
            var gitEntry = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(gitEntry) || File.Exists(gitEntry))
            {
                return current.FullName;
            }
        }

        return null;
    }
}
