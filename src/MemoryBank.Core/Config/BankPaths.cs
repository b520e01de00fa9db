namespace MemoryBank.Core.Config;

/// <summary>Resolves bank paths and refuses any that escape the repository.</summary>
public static class BankPaths
{
    /// <summary>The absolute bank folder for <paramref name="bankPath"/> under <paramref name="repositoryRoot"/>.</summary>
    /// <exception cref="MemoryBankException">The path escapes the repository.</exception>
    public static string Resolve(string repositoryRoot, string bankPath)
    {
        var root = Path.GetFullPath(repositoryRoot);
        var full = Path.GetFullPath(Path.Combine(root, bankPath));
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new MemoryBankException(
                "BankPathOutsideRepository",
                $"The bank path '{bankPath}' resolves to '{full}', outside the repository '{root}'. Set bankPath in {MemoryBankConfig.FileName} to a folder inside the repository.",
                bankPath);
        }

        return full;
    }
}
