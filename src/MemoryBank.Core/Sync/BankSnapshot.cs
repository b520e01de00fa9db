using System.Globalization;
using MemoryBank.Core.Git;

namespace MemoryBank.Core.Sync;

/// <summary>The bank's files at one point (a commit or the work tree): bank-relative path → bytes.</summary>
public sealed class BankSnapshot
{
    /// <summary>
    /// The largest bank file the work tree may hold: 10 MiB. Every start and save reads, merges and scans the
    /// whole bank, and a file this large is already far more than an assistant's context can use.
    /// </summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    private readonly Dictionary<string, byte[]> _files;
    private readonly IReadOnlyCollection<string> _folders;

    /// <summary>Creates a snapshot from bank-relative paths (forward slashes) and contents.</summary>
    public BankSnapshot(IDictionary<string, byte[]> files)
        : this(files, Array.Empty<string>())
    {
    }

    private BankSnapshot(IDictionary<string, byte[]> files, IReadOnlyCollection<string> folders)
    {
        _files = new Dictionary<string, byte[]>(files, StringComparer.Ordinal);
        _folders = folders;
    }

    /// <summary>An empty bank.</summary>
    public static BankSnapshot Empty { get; } = new(new Dictionary<string, byte[]>());

    /// <summary>The files, by bank-relative path.</summary>
    public IReadOnlyDictionary<string, byte[]> Files => _files;

    /// <summary>
    /// Bank-relative paths of the folders in a work-tree snapshot, empty ones included (empty for a commit's):
    /// the merge refuses to put a file where this clone has a folder.
    /// </summary>
    public IReadOnlyCollection<string> Folders => _folders;

    /// <summary>The content of <paramref name="path"/>, or null when absent.</summary>
    public byte[]? Get(string path) => _files.TryGetValue(path, out var bytes) ? bytes : null;

    /// <summary>A copy with <paramref name="path"/> set to <paramref name="content"/>.</summary>
    public BankSnapshot With(string path, byte[] content)
    {
        var files = new Dictionary<string, byte[]>(_files, StringComparer.Ordinal) { [path] = content };
        return new BankSnapshot(files, _folders);
    }

    /// <summary>True when both are absent, or both present with the same bytes.</summary>
    public static bool SameBytes(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

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
    /// <exception cref="MemoryBankException">
    /// The bank holds a symbolic link, or a file over <see cref="MaxFileBytes"/> (refused before it is read); nothing is written.
    /// </exception>
    public static BankSnapshot FromWorkTree(string bankDirectory)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var folders = new List<string>();
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

            var relative = Path.GetRelativePath(bankDirectory, path).Replace('\\', '/');
            if ((info.Attributes & FileAttributes.Directory) != 0)
            {
                folders.Add(relative);
                continue;
            }

            var name = info.Name;
            if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            if (info.Length > MaxFileBytes)
            {
                throw new MemoryBankException(
                    "BankFileTooLarge",
                    $"'{path}' is {(info.Length / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture)} MiB; bank files are limited to {MaxFileBytes / (1024 * 1024)} MiB, because every start and save reads, merges and scans the whole bank. Nothing was changed. Move the file out of the memory bank (or split it into smaller files), then run the command again.",
                    path);
            }

            files[relative] = File.ReadAllBytes(path);
        }

        return new BankSnapshot(files, folders);
    }
}
