namespace MemoryBank.Core.Config;

/// <summary>Resolves bank paths and refuses any that escape the repository.</summary>
public static class BankPaths
{
    /// <summary>The absolute bank folder for <paramref name="bankPath"/> under <paramref name="repositoryRoot"/>.</summary>
    /// <exception cref="MemoryBankException">
    /// The path escapes the repository, by its text or through a symbolic link on the way to the bank folder.
    /// </exception>
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

        // The text can stay inside while a link on the way (the bank folder itself, or .claude above it) leads
        // outside: the bank would then be read from, and written to, somewhere git does not track.
        var current = root;
        foreach (var segment in Path.GetRelativePath(root, full).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, segment);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is { } target)
            {
                throw new MemoryBankException(
                    "BankSymlinkRefused",
                    $"The bank path '{bankPath}' goes through the symbolic link '{current}' (to '{target}'); MemoryBank refuses links on the way to the bank because they can lead outside the repository. Nothing was read or changed. Replace the link with a real folder inside the repository, then run the command again.",
                    current);
            }

            if (!info.Exists)
            {
                break;
            }
        }

        return full;
    }
}
