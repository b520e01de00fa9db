using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// The bank folder's entries, walked without following links: regular files (their text decoded on first
/// use), symbolic links, and temporary files left by interrupted atomic writes (<c>.*.tmp</c>).
/// </summary>
internal sealed class BankScan
{
    private BankScan(bool exists, IReadOnlyList<BankScanFile> files, IReadOnlyList<string> links, IReadOnlyList<string> temporaryFiles)
    {
        Exists = exists;
        Files = files;
        Links = links;
        TemporaryFiles = temporaryFiles;
    }

    /// <summary>The bank folder exists.</summary>
    public bool Exists { get; }

    /// <summary>Regular files, in ordinal order of their bank-relative paths.</summary>
    public IReadOnlyList<BankScanFile> Files { get; }

    /// <summary>Bank-relative paths of symbolic links (and junctions); never followed.</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>Bank-relative paths of leftover temporary files.</summary>
    public IReadOnlyList<string> TemporaryFiles { get; }

    /// <summary>Walks <paramref name="bankDirectory"/>; an absent folder gives an empty scan.</summary>
    public static BankScan Read(string bankDirectory, CancellationToken cancellationToken)
    {
        var files = new List<BankScanFile>();
        var links = new List<string>();
        var temporary = new List<string>();
        if (!Directory.Exists(bankDirectory))
        {
            return new BankScan(false, files, links, temporary);
        }

        var pending = new Stack<string>();
        pending.Push(bankDirectory);
        var options = new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false, IgnoreInaccessible = false };
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var path in Directory.EnumerateFileSystemEntries(pending.Pop(), "*", options))
            {
                var relative = Path.GetRelativePath(bankDirectory, path).Replace('\\', '/');
                var info = new FileInfo(path);

                // Checked first: a link to a folder must not be walked into.
                if (info.LinkTarget is not null)
                {
                    links.Add(relative);
                }
                else if ((info.Attributes & FileAttributes.Directory) != 0)
                {
                    pending.Push(path);
                }
                else if (info.Name.StartsWith('.') && info.Name.EndsWith(".tmp", StringComparison.Ordinal))
                {
                    temporary.Add(relative);
                }
                else
                {
                    files.Add(new BankScanFile(relative, path, info.Length));
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        links.Sort(StringComparer.Ordinal);
        temporary.Sort(StringComparer.Ordinal);
        return new BankScan(true, files, links, temporary);
    }
}

/// <summary>One regular file in the bank.</summary>
internal sealed class BankScanFile
{
    private bool _decoded;
    private string? _text;
    private string? _decodeError;

    public BankScanFile(string relativePath, string fullPath, long length)
    {
        RelativePath = relativePath;
        FullPath = fullPath;
        Length = length;
    }

    /// <summary>The path relative to the bank folder, with forward slashes.</summary>
    public string RelativePath { get; }

    /// <summary>The absolute path.</summary>
    public string FullPath { get; }

    /// <summary>The size in bytes when the folder was walked.</summary>
    public long Length { get; }

    /// <summary>The text, decoded strictly (a BOM kept as U+FEFF); null when it does not decode.</summary>
    public string? Text
    {
        get
        {
            Decode();
            return _text;
        }
    }

    /// <summary>Why the file does not decode, or null.</summary>
    public string? DecodeError
    {
        get
        {
            Decode();
            return _decodeError;
        }
    }

    private void Decode()
    {
        if (_decoded)
        {
            return;
        }

        _decoded = true;
        try
        {
            _text = BankText.Decode(File.ReadAllBytes(FullPath), RelativePath);
        }
        catch (BankFileFormatException ex)
        {
            _decodeError = ex.Message;
        }
    }
}
