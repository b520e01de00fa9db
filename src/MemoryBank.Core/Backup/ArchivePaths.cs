namespace MemoryBank.Core.Backup;

/// <summary>
/// The path rules of archives: a bank-relative path is forward-slashed, relative, and stays inside the bank.
/// Checked on export (so MemoryBank never writes an archive it would refuse) and on read.
/// </summary>
internal static class ArchivePaths
{
    /// <summary>The zip entry of the manifest.</summary>
    public const string ManifestEntry = "manifest.json";

    /// <summary>The folder that holds the bank's files in the zip.</summary>
    public const string BankFolder = "bank/";

    /// <summary>Why <paramref name="path"/> (an entry name or a bank-relative path) could land outside its folder; null when it is safe.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0)
        {
            return "is empty";
        }

        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
        {
            return "starts with a drive letter (an absolute Windows path)";
        }

        if (path.StartsWith('/'))
        {
            return "is an absolute path";
        }

        if (path.Contains('\\'))
        {
            return "contains a backslash (a Windows path separator)";
        }

        var segments = path.Split('/');
        if (segments.Any(segment => segment == ".."))
        {
            return "climbs out of its folder with '..'";
        }

        if (segments.Any(segment => segment == "."))
        {
            return "contains a '.' path segment";
        }

        if (segments.Any(segment => segment.Length == 0))
        {
            return "contains an empty folder name";
        }

        if (path.Contains(':'))
        {
            // On Windows a colon names an alternate data stream.
            return "contains a colon";
        }

        if (path.Any(char.IsControl))
        {
            return "contains a control character";
        }

        return null;
    }

    /// <summary>
    /// Classifies a zip entry name other than the manifest: the bank-relative path of a file, or null for a
    /// folder entry (which is skipped). Sets <paramref name="problem"/> when the entry is unsafe.
    /// </summary>
    public static string? BankRelative(string entryName, out string? problem)
    {
        var isFolder = entryName.EndsWith('/') && entryName.Length > 1;
        var name = isFolder ? entryName[..^1] : entryName;
        problem = Problem(name);
        if (problem is not null)
        {
            return null;
        }

        if (name == BankFolder[..^1] && isFolder)
        {
            return null;
        }

        if (!name.StartsWith(BankFolder, StringComparison.Ordinal))
        {
            problem = "lies outside the bank/ folder";
            return null;
        }

        return isFolder ? null : name[BankFolder.Length..];
    }
}
