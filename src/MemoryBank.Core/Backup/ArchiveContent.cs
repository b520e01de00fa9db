using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Backup;

/// <summary>A validated archive: its manifest and the bank it holds. Every file matched the manifest's size and hash.</summary>
/// <param name="Manifest">The archive's manifest.</param>
/// <param name="Bank">The bank's files, by bank-relative path.</param>
/// <param name="Encrypted">True when the archive was encrypted with a password.</param>
public sealed record ArchiveContent(ArchiveManifest Manifest, BankSnapshot Bank, bool Encrypted);
