namespace MemoryBank.Core.Backup;

/// <summary>An archive's <c>manifest.json</c>: its format version, origin, and every file with its size and hash.</summary>
public sealed class ArchiveManifest
{
    /// <summary>The format version this MemoryBank writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Creates a manifest.</summary>
    public ArchiveManifest(int formatVersion, string persona, string host, DateTimeOffset createdUtc, IReadOnlyList<ArchiveManifestFile> files)
    {
        FormatVersion = formatVersion;
        Persona = persona;
        Host = host;
        CreatedUtc = createdUtc;
        Files = files;
    }

    /// <summary>The archive format version (<c>formatVersion</c>).</summary>
    public int FormatVersion { get; }

    /// <summary>The persona that exported the bank (<c>persona</c>).</summary>
    public string Persona { get; }

    /// <summary>The machine the bank was exported on (<c>host</c>).</summary>
    public string Host { get; }

    /// <summary>When the archive was made, in UTC (<c>createdUtc</c>).</summary>
    public DateTimeOffset CreatedUtc { get; }

    /// <summary>The bank's files in ordinal path order (<c>files</c>).</summary>
    public IReadOnlyList<ArchiveManifestFile> Files { get; }
}
