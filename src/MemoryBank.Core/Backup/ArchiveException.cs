namespace MemoryBank.Core.Backup;

/// <summary>
/// A bank archive cannot be read or imported. Thrown before anything is written; the message names the
/// archive and says what to do.
/// </summary>
public sealed class ArchiveException : MemoryBankException
{
    /// <summary>The AES-GCM tag did not verify: the password is wrong, or a byte of the file changed.</summary>
    public const string PasswordOrDataInvalid = "ArchivePasswordOrDataInvalid";

    /// <summary>The archive is encrypted and no password was given.</summary>
    public const string PasswordRequired = "ArchivePasswordRequired";

    /// <summary>The file ends early: it was cut short while being copied or downloaded.</summary>
    public const string Truncated = "ArchiveTruncated";

    /// <summary>The file is not a well-formed MemoryBank archive, or its files disagree with its manifest.</summary>
    public const string Corrupt = "ArchiveCorrupt";

    /// <summary>An entry would land outside the bank (<c>../</c>, an absolute path, a backslash, a drive letter, outside <c>bank/</c>).</summary>
    public const string EntryUnsafe = "ArchiveEntryUnsafe";

    /// <summary>The archive (or its encryption header) uses a format version this MemoryBank does not read.</summary>
    public const string VersionUnsupported = "ArchiveVersionUnsupported";

    /// <summary>A file in the archive is not UTF-8 text (binary, or invalid UTF-8).</summary>
    public const string FileInvalid = "ArchiveFileInvalid";

    /// <summary>Creates the error.</summary>
    /// <param name="errorId">One of the id constants of this class.</param>
    /// <param name="message">What failed, where, and what to do next.</param>
    /// <param name="target">The archive's name, or the file or entry at fault.</param>
    /// <param name="innerException">The underlying error, when there is one.</param>
    public ArchiveException(string errorId, string message, string? target, Exception? innerException = null)
        : base(errorId, message, target, innerException)
    {
    }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => MemoryBankErrorKind.InvalidInput;
}
