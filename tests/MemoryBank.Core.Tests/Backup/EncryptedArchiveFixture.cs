using MemoryBank.Core.Backup;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Tests.Backup;

/// <summary>
/// One encrypted archive, exported and read once, shared by the encryption tests: every key derivation costs
/// 600,000 PBKDF2 iterations, so only the tests that must derive a key do.
/// </summary>
public sealed class EncryptedArchiveFixture
{
    public EncryptedArchiveFixture()
    {
        Bank = BackupSamples.Bank();
        Archive = BankArchive.Export(Bank, BackupSamples.Info, BackupSamples.Password);
        Content = BankArchive.Read(Archive, BackupSamples.Password);
    }

    public BankSnapshot Bank { get; }

    public byte[] Archive { get; }

    public ArchiveContent Content { get; }
}
