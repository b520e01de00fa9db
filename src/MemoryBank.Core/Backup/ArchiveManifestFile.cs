namespace MemoryBank.Core.Backup;

/// <summary>One file listed in an archive's manifest.</summary>
/// <param name="Path">The bank-relative path, with forward slashes; the zip entry is <c>bank/</c> followed by it.</param>
/// <param name="Size">The file's length in bytes.</param>
/// <param name="Sha256">The SHA-256 of the file's bytes, 64 lower-case hex digits.</param>
public sealed record ArchiveManifestFile(string Path, long Size, string Sha256);
