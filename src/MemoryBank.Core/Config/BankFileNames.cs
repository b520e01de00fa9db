namespace MemoryBank.Core.Config;

/// <summary>The bank files a user can name, for example in <c>Add-MemoryEntry -File</c> and <c>memory-bank add</c>.</summary>
public static class BankFileNames
{
    /// <summary>
    /// Every policy's file name and every <c>*.md</c> file in <paramref name="bankDirectory"/> (hidden files
    /// excepted), once each, in ordinal order. The bank folder may not exist yet: then only the policies count.
    /// </summary>
    public static IReadOnlyList<string> List(MemoryBankConfig config, string bankDirectory)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(config.Files.Select(policy => policy.Name));
        if (Directory.Exists(bankDirectory))
        {
            names.UnionWith(Directory.EnumerateFiles(bankDirectory, "*.md")
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => !name.StartsWith('.')));
        }

        return names.ToArray();
    }
}
