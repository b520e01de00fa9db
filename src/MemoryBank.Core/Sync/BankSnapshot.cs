using MemoryBank.Core.Git;

namespace MemoryBank.Core.Sync;

/// <summary>The bank's files at one point (a commit or the work tree): bank-relative path → bytes.</summary>
public sealed class BankSnapshot
{
    private readonly Dictionary<string, byte[]> _files;

    /// <summary>Creates a snapshot from bank-relative paths (forward slashes) and contents.</summary>
    public BankSnapshot(IDictionary<string, byte[]> files)
    {
        _files = new Dictionary<string, byte[]>(files, StringComparer.Ordinal);
    }

    /// <summary>An empty bank.</summary>
    public static BankSnapshot Empty { get; } = new(new Dictionary<string, byte[]>());

    /// <summary>The files, by bank-relative path.</summary>
    public IReadOnlyDictionary<string, byte[]> Files => _files;

    /// <summary>The content of <paramref name="path"/>, or null when absent.</summary>
    public byte[]? Get(string path) => _files.TryGetValue(path, out var bytes) ? bytes : null;

    /// <summary>A copy with <paramref name="path"/> set to <paramref name="content"/>.</summary>
    public BankSnapshot With(string path, byte[] content)
    {
        var files = new Dictionary<string, byte[]>(_files, StringComparer.Ordinal) { [path] = content };
        return new BankSnapshot(files);
    }

    /// <summary>True when both snapshots hold the same paths with the same bytes.</summary>
    public bool ContentEquals(BankSnapshot other) =>
        _files.Count == other._files.Count && _files.All(f => other._files.TryGetValue(f.Key, out var o) && f.Value.AsSpan().SequenceEqual(o));

    /// <summary>Reads the bank at <paramref name="commit"/>; empty when the commit is null or has no bank.</summary>
    public static BankSnapshot FromCommit(GitObjects objects, string? commit, string bankPath)
    {
        if (commit is null)
        {
            return Empty;
        }

        var blobs = objects.ListBlobs(commit, bankPath);
        if (blobs.Count == 0)
        {
            return Empty;
        }

        var contents = objects.ReadBlobs(blobs.Values);
        var prefix = bankPath.TrimEnd('/') + "/";
        return new BankSnapshot(blobs.ToDictionary(b => b.Key[prefix.Length..], b => contents[b.Value], StringComparer.Ordinal));
    }

    /// <summary>
    /// Reads the bank folder in the work tree. Temporary files of interrupted atomic writes (<c>.*.tmp</c>) are skipped.
    /// </summary>
    /// <exception cref="MemoryBankException">The bank holds a symbolic link, which is refused.</exception>
    public static BankSnapshot FromWorkTree(string bankDirectory)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (!Directory.Exists(bankDirectory))
        {
            if (File.Exists(bankDirectory))
            {
                throw new MemoryBankException("BankPathNotAFolder", $"The bank path '{bankDirectory}' is a file, not a folder. Move the file away or set bankPath in .memorybank.json.", bankDirectory);
            }

            return new BankSnapshot(files);
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(bankDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                throw new MemoryBankException("BankSymlinkRefused", $"'{path}' is a symbolic link; MemoryBank refuses links in the bank because they can point outside the repository. Replace it with a regular file.", path);
            }

            if ((info.Attributes & FileAttributes.Directory) != 0)
            {
                continue;
            }

            var name = info.Name;
            if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            var relative = Path.GetRelativePath(bankDirectory, path).Replace('\\', '/');
            files[relative] = File.ReadAllBytes(path);
        }

        return new BankSnapshot(files);
    }
}
