using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MemoryBank.Core.Backup;

namespace MemoryBank.Core.Tests.Backup;

public class BankArchiveEncryptionTests : IClassFixture<EncryptedArchiveFixture>
{
    // The documented layout (docs/archive-format.md), written out here rather than taken from the code.
    private const int HeaderSize = 63;

    private readonly EncryptedArchiveFixture _fixture;

    public BankArchiveEncryptionTests(EncryptedArchiveFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void Export_Password_RoundTripsEveryFileByteForByte()
    {
        BackupSamples.AssertSameFiles(_fixture.Bank, _fixture.Content.Bank);
        Assert.True(_fixture.Content.Encrypted);
        Assert.Equal("dev-engineer", _fixture.Content.Manifest.Persona);
    }

    [Fact]
    public void Export_Password_WritesTheDocumentedHeader()
    {
        var archive = _fixture.Archive;

        Assert.Equal("MBKENC", Encoding.ASCII.GetString(archive, 0, 6));
        Assert.Equal(1, archive[6]);
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(archive.AsSpan(7)) >= 600_000);
        Assert.Equal((ulong)(archive.Length - HeaderSize), BinaryPrimitives.ReadUInt64BigEndian(archive.AsSpan(39)));
        Assert.True(BankArchive.IsEncrypted(archive));
    }

    [Fact]
    public void Export_Password_HidesTheZip()
    {
        var body = _fixture.Archive.AsSpan(HeaderSize);

        Assert.Equal(-1, body.IndexOf("manifest.json"u8));
        Assert.Equal(-1, body.IndexOf("PK\u0003\u0004"u8));
        Assert.Throws<InvalidDataException>(() => new ZipArchive(new MemoryStream(_fixture.Archive), ZipArchiveMode.Read));
    }

    [Fact]
    public void Read_Version1EncryptedFixture_StaysReadable()
    {
        var archive = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Backup", "v1-encrypted.bin"));

        var content = BankArchive.Read(archive, BackupSamples.Password);

        BackupSamples.AssertSameFiles(BackupSamples.Bank(), content.Bank);
    }

    [Fact]
    public void Read_NoPassword_ThrowsPasswordRequired()
    {
        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(_fixture.Archive, ReadOnlySpan<char>.Empty, "bank.mbk"));

        Assert.Equal(ArchiveException.PasswordRequired, error.ErrorId);
        Assert.Contains("'bank.mbk' is encrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongPassword_ThrowsPasswordOrDataInvalid()
    {
        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(_fixture.Archive, "correct horse battery stapler", "bank.mbk"));

        Assert.Equal(ArchiveException.PasswordOrDataInvalid, error.ErrorId);
        Assert.Contains("wrong password, or the file was modified", error.Message, StringComparison.Ordinal);
        Assert.Equal("bank.mbk", error.Target);
        Assert.Equal(MemoryBankErrorKind.InvalidInput, error.Kind);
    }

    // Each case derives a 600,000-iteration key, so one offset per field. Offset 10 is the iterations' lowest
    // byte: 600,001 iterations derive another key.
    [Theory]
    [InlineData(10, "iterations")]
    [InlineData(20, "salt")]
    [InlineData(30, "nonce")]
    [InlineData(50, "tag")]
    [InlineData(-1, "ciphertext")]
    public void Read_FlippedByte_ThrowsPasswordOrDataInvalid(int offset, string field)
    {
        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(BackupSamples.Flip(_fixture.Archive, offset), BackupSamples.Password));

        Assert.True(ArchiveException.PasswordOrDataInvalid == error.ErrorId, $"{field}: {error.ErrorId}");
    }

    // Structural header fields are checked before a key is derived, so these fail fast and say what is wrong.
    [Theory]
    [InlineData(0, "magic", ArchiveException.Corrupt)]
    [InlineData(6, "envelope version", ArchiveException.VersionUnsupported)]
    [InlineData(7, "iterations' top byte", ArchiveException.Corrupt)]
    public void Read_FlippedHeaderByte_IsCaughtBeforeDerivingAKey(int offset, string field, string errorId)
    {
        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(BackupSamples.Flip(_fixture.Archive, offset), BackupSamples.Password));

        Assert.True(errorId == error.ErrorId, $"{field}: {error.ErrorId}");
    }

    [Theory]
    [InlineData(1, ArchiveException.Truncated)]
    [InlineData(-1, ArchiveException.Corrupt)]
    public void Read_LengthFieldChanged_IsCaughtBeforeDerivingAKey(int change, string errorId)
    {
        var archive = (byte[])_fixture.Archive.Clone();
        var length = BinaryPrimitives.ReadUInt64BigEndian(archive.AsSpan(39));
        BinaryPrimitives.WriteUInt64BigEndian(archive.AsSpan(39), (ulong)((long)length + change));

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, BackupSamples.Password));

        Assert.Equal(errorId, error.ErrorId);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(200)]
    [InlineData(-1)]
    public void Read_TruncatedEncryptedArchive_ThrowsTruncatedWithoutAPassword(int cut)
    {
        var length = cut < 0 ? _fixture.Archive.Length + cut : cut;

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(_fixture.Archive[..length], ReadOnlySpan<char>.Empty));

        Assert.Equal(ArchiveException.Truncated, error.ErrorId);
    }

    [Fact]
    public void Read_TrailingBytes_ThrowsCorrupt()
    {
        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read([.. _fixture.Archive, 0], BackupSamples.Password));

        Assert.Equal(ArchiveException.Corrupt, error.ErrorId);
    }

    [Fact]
    public void Read_NewerEnvelopeVersion_ThrowsVersionUnsupported()
    {
        var archive = (byte[])_fixture.Archive.Clone();
        archive[6] = 2;

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, BackupSamples.Password));

        Assert.Equal(ArchiveException.VersionUnsupported, error.ErrorId);
    }

    [Theory]
    [InlineData(1_000u)]
    [InlineData(599_999u)]
    [InlineData(uint.MaxValue)]
    public void Read_IterationsOutOfRange_ThrowsCorrupt(uint iterations)
    {
        var archive = (byte[])_fixture.Archive.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(archive.AsSpan(7), iterations);

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, BackupSamples.Password));

        Assert.Equal(ArchiveException.Corrupt, error.ErrorId);
    }
}
