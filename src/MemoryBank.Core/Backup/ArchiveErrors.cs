namespace MemoryBank.Core.Backup;

/// <summary>Builds the archive errors for one archive, so every message names it and ends with what to do.</summary>
internal sealed class ArchiveErrors
{
    private const string NothingImported = "Nothing was imported.";

    private readonly string? _archiveName;
    private readonly string _subject;

    public ArchiveErrors(string? archiveName)
    {
        _archiveName = archiveName;
        _subject = archiveName is null ? "The archive" : $"The archive '{archiveName}'";
    }

    public ArchiveException Truncated(string detail) => new(
        ArchiveException.Truncated,
        $"{_subject} is incomplete ({detail}); it was probably cut short while being copied or downloaded. Copy it again from where it was exported, or export the bank again. {NothingImported}",
        _archiveName);

    public ArchiveException Corrupt(string detail, Exception? inner = null) => new(
        ArchiveException.Corrupt,
        $"{_subject} is damaged or is not a MemoryBank archive: {detail}. Export the bank again and import the new archive. {NothingImported}",
        _archiveName,
        inner);

    public ArchiveException PasswordRequired() => new(
        ArchiveException.PasswordRequired,
        $"{_subject} is encrypted. Run the import again with the password it was exported with. {NothingImported}",
        _archiveName);

    public ArchiveException PasswordOrDataInvalid(Exception inner) => new(
        ArchiveException.PasswordOrDataInvalid,
        $"{_subject} could not be decrypted: wrong password, or the file was modified after it was exported. Check the password and run the import again; if the password is right, the archive is damaged and must be exported again. {NothingImported}",
        _archiveName,
        inner);

    public ArchiveException EntryUnsafe(string entry, string problem) => new(
        ArchiveException.EntryUnsafe,
        $"{_subject} holds the entry '{entry}', which {problem}; a MemoryBank archive keeps its files under bank/ beside manifest.json. The archive was refused and nothing was written. Import only archives that MemoryBank exported.",
        _archiveName);

    public ArchiveException VersionUnsupported(string what, int version, int supported) => new(
        ArchiveException.VersionUnsupported,
        $"{_subject} uses {what} {version}; this MemoryBank reads version {supported} only. Update MemoryBank and import it again. {NothingImported}",
        _archiveName);
}
