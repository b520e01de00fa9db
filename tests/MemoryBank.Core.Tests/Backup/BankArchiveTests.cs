using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MemoryBank.Core.Backup;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Tests.Backup;

public class BankArchiveTests
{
    private static readonly (string Path, byte[] Content)[] s_goodFiles =
    [
        ("activeContext.md", BackupSamples.Utf8("# Active context\n")),
        ("notes/a.md", BackupSamples.Utf8("- a\n")),
    ];

    [Fact]
    public void Export_NoPassword_RoundTripsEveryFileByteForByte()
    {
        var bank = BackupSamples.Bank();

        var content = BankArchive.Read(BankArchive.Export(bank, BackupSamples.Info, ReadOnlySpan<char>.Empty), ReadOnlySpan<char>.Empty);

        BackupSamples.AssertSameFiles(bank, content.Bank);
        Assert.False(content.Encrypted);
        Assert.Equal(1, content.Manifest.FormatVersion);
        Assert.Equal("dev-engineer", content.Manifest.Persona);
        Assert.Equal("build-box", content.Manifest.Host);
        Assert.Equal(BackupSamples.Info.CreatedUtc, content.Manifest.CreatedUtc);
    }

    [Fact]
    public void Export_NoPassword_WritesAZipOfManifestAndBankFolder()
    {
        var archive = BankArchive.Export(BackupSamples.Bank(), BackupSamples.Info, ReadOnlySpan<char>.Empty);

        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        Assert.Equal(
            ["manifest.json", "bank/activeContext.md", "bank/empty.md", "bank/memory.jsonl", "bank/notes/deep/ñandú.md", "bank/patterns-buffer.md"],
            zip.Entries.Select(e => e.FullName));
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var root = manifest.RootElement;
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("2026-03-01T10:30:15Z", root.GetProperty("createdUtc").GetString());
        var empty = root.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "empty.md");
        Assert.Equal(0, empty.GetProperty("size").GetInt64());
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", empty.GetProperty("sha256").GetString());
    }

    [Fact]
    public void Export_EmptyBank_RoundTrips()
    {
        var content = BankArchive.Read(BankArchive.Export(BankSnapshot.Empty, BackupSamples.Info, ReadOnlySpan<char>.Empty), ReadOnlySpan<char>.Empty);

        Assert.Empty(content.Bank.Files);
        Assert.Empty(content.Manifest.Files);
    }

    [Fact]
    public void Export_UnsafeBankPath_ThrowsEntryUnsafe()
    {
        var bank = new BankSnapshot(new Dictionary<string, byte[]> { ["../escape.md"] = [] });

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Export(bank, BackupSamples.Info, ReadOnlySpan<char>.Empty));

        Assert.Equal(ArchiveException.EntryUnsafe, error.ErrorId);
    }

    [Fact]
    public void Read_Version1PlainFixture_StaysReadable()
    {
        var archive = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Backup", "v1-plain.zip"));

        var content = BankArchive.Read(archive, ReadOnlySpan<char>.Empty);

        BackupSamples.AssertSameFiles(BackupSamples.Bank(), content.Bank);
    }

    [Fact]
    public void Read_PlainArchiveWithPassword_IgnoresThePassword()
    {
        var content = BankArchive.Read(BackupSamples.Archive(s_goodFiles), "unused");

        Assert.False(content.Encrypted);
        Assert.Equal(2, content.Bank.Files.Count);
    }

    [Fact]
    public void Read_FolderEntries_AreSkipped()
    {
        var content = BankArchive.Read(BackupSamples.Archive(s_goodFiles, ("bank/", []), ("bank/notes/", [])), ReadOnlySpan<char>.Empty);

        Assert.Equal(["activeContext.md", "notes/a.md"], content.Bank.Files.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("bank/../x")]
    [InlineData("bank/notes/../../x")]
    [InlineData("/etc/x")]
    [InlineData("bank//etc/x")]
    [InlineData("C:\\x")]
    [InlineData("C:/x")]
    [InlineData("bank\\x")]
    [InlineData("bank/..\\..\\x")]
    [InlineData("bank/./x")]
    [InlineData("bank/x:stream")]
    [InlineData("other/x")]
    [InlineData("x")]
    [InlineData("Bank/x")]
    [InlineData("../")]
    public void Read_EntryEscapingTheBank_ThrowsEntryUnsafe(string entryName)
    {
        var archive = BackupSamples.Archive(s_goodFiles, (entryName, BackupSamples.Utf8("pwned\n")));

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, ReadOnlySpan<char>.Empty, "evil.zip"));

        Assert.Equal(ArchiveException.EntryUnsafe, error.ErrorId);
        Assert.Contains(entryName, error.Message, StringComparison.Ordinal);
        Assert.Contains("'evil.zip'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\x")]
    public void Read_ManifestPathEscapingTheBank_ThrowsEntryUnsafe(string path)
    {
        var archive = BackupSamples.Zip(("manifest.json", BackupSamples.Manifest([(path, [])])));

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, ReadOnlySpan<char>.Empty));

        Assert.Equal(ArchiveException.EntryUnsafe, error.ErrorId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Read_UnknownFormatVersion_ThrowsVersionUnsupported(int version)
    {
        var archive = BackupSamples.Zip(("manifest.json", BackupSamples.Manifest(s_goodFiles, version)), ("future/layout.bin", [1, 2, 3]));

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, ReadOnlySpan<char>.Empty, "new.zip"));

        Assert.Equal(ArchiveException.VersionUnsupported, error.ErrorId);
        Assert.Contains("Update MemoryBank", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileHashMismatch_ThrowsCorrupt()
    {
        var listed = BackupSamples.Manifest(s_goodFiles);
        var archive = BackupSamples.Zip(("manifest.json", listed), ("bank/activeContext.md", BackupSamples.Utf8("# Active CONTEXT\n")), ("bank/notes/a.md", BackupSamples.Utf8("- a\n")));

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, ReadOnlySpan<char>.Empty));

        Assert.Equal(ArchiveException.Corrupt, error.ErrorId);
        Assert.Contains("SHA-256 of 'activeContext.md'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileSizeMismatch_ThrowsCorrupt()
    {
        var archive = BackupSamples.Zip(("manifest.json", BackupSamples.Manifest(s_goodFiles)), ("bank/activeContext.md", BackupSamples.Utf8("# Active context\n\n")), ("bank/notes/a.md", BackupSamples.Utf8("- a\n")));

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, ReadOnlySpan<char>.Empty));

        Assert.Equal(ArchiveException.Corrupt, error.ErrorId);
    }

    [Fact]
    public void Read_FileMissingFromManifest_ThrowsCorrupt()
    {
        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(BackupSamples.Archive(s_goodFiles, ("bank/extra.md", [])), ReadOnlySpan<char>.Empty));

        Assert.Equal(ArchiveException.Corrupt, error.ErrorId);
        Assert.Contains("bank/extra.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ListedFileMissingFromArchive_ThrowsCorrupt()
    {
        var archive = BackupSamples.Zip(("manifest.json", BackupSamples.Manifest(s_goodFiles)), ("bank/activeContext.md", s_goodFiles[0].Content));

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, ReadOnlySpan<char>.Empty));

        Assert.Equal(ArchiveException.Corrupt, error.ErrorId);
        Assert.Contains("notes/a.md", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no manifest")]
    [InlineData("manifest not JSON")]
    [InlineData("manifest an array")]
    [InlineData("manifest without files")]
    [InlineData("manifest string not UTF-8")]
    [InlineData("two manifests")]
    [InlineData("entry twice")]
    [InlineData("not a zip")]
    public void Read_MalformedArchive_ThrowsCorrupt(string problem)
    {
        var manifest = BackupSamples.Manifest(s_goodFiles);
        var archive = problem switch
        {
            "no manifest" => BackupSamples.Zip(("bank/activeContext.md", s_goodFiles[0].Content)),
            "manifest not JSON" => BackupSamples.Zip(("manifest.json", BackupSamples.Utf8("{ formatVersion: 1"))),
            "manifest an array" => BackupSamples.Zip(("manifest.json", BackupSamples.Utf8("[1]"))),
            "manifest without files" => BackupSamples.Zip(("manifest.json", BackupSamples.Utf8("{\"formatVersion\":1,\"persona\":\"p\",\"host\":\"h\",\"createdUtc\":\"2026-03-01T10:30:15Z\"}"))),
            "manifest string not UTF-8" => BackupSamples.Zip(("manifest.json", [.. BackupSamples.Utf8("{\"formatVersion\":1,\"persona\":\""), 0xC3, 0x28, .. BackupSamples.Utf8("\"}")])),
            "two manifests" => BackupSamples.Zip(("manifest.json", manifest), ("manifest.json", manifest)),
            "entry twice" => BackupSamples.Archive(s_goodFiles, ("bank/notes/a.md", s_goodFiles[1].Content)),
            _ => BackupSamples.Utf8("# Just a Markdown file, not an archive\n"),
        };

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive, ReadOnlySpan<char>.Empty));

        Assert.Equal(ArchiveException.Corrupt, error.ErrorId);
    }

    [Fact]
    public void Read_FlippedByteInCompressedData_ThrowsCorrupt()
    {
        var archive = BankArchive.Export(BackupSamples.Bank(), BackupSamples.Info, ReadOnlySpan<char>.Empty);
        var target = "bank/patterns-buffer.md";

        // The entry's data starts after its local header: 30 bytes, the name, and no extra field.
        var offset = FindLocalHeader(archive, target) + 30 + Encoding.UTF8.GetByteCount(target) + 5;

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(BackupSamples.Flip(archive, offset), ReadOnlySpan<char>.Empty));

        Assert.Equal(ArchiveException.Corrupt, error.ErrorId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(100)]
    [InlineData(0.5)]
    [InlineData(-22)]
    [InlineData(-1)]
    public void Read_TruncatedPlainArchive_ThrowsTruncated(double cut)
    {
        var archive = BankArchive.Export(BackupSamples.Bank(), BackupSamples.Info, ReadOnlySpan<char>.Empty);
        var length = cut is > 0 and < 1 ? (int)(archive.Length * cut) : cut < 0 ? archive.Length + (int)cut : (int)cut;

        var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive[..length], ReadOnlySpan<char>.Empty, "bank.zip"));

        Assert.Equal(ArchiveException.Truncated, error.ErrorId);
        Assert.Equal("bank.zip", error.Target);
        Assert.Equal(MemoryBankErrorKind.InvalidInput, error.Kind);
    }

    [Fact]
    public void Read_EveryPossibleCut_ThrowsTruncated()
    {
        var archive = BankArchive.Export(BackupSamples.Bank(), BackupSamples.Info, ReadOnlySpan<char>.Empty);

        for (var length = 0; length < archive.Length; length++)
        {
            var error = Assert.Throws<ArchiveException>(() => BankArchive.Read(archive[..length], ReadOnlySpan<char>.Empty));
            Assert.True(error.ErrorId == ArchiveException.Truncated, $"cut at {length}: {error.ErrorId}");
        }
    }

    [Fact]
    public void Read_AnySingleByteFlipped_FailsWithAnArchiveErrorOrReadsTheSameFiles()
    {
        var bank = BackupSamples.Bank();
        var archive = BankArchive.Export(bank, BackupSamples.Info, ReadOnlySpan<char>.Empty);

        // Bytes zip readers ignore (times, "made by", attributes) may change; file content never silently does.
        for (var offset = 0; offset < archive.Length; offset++)
        {
            ArchiveContent content;
            try
            {
                content = BankArchive.Read(BackupSamples.Flip(archive, offset), ReadOnlySpan<char>.Empty);
            }
            catch (ArchiveException)
            {
                continue;
            }

            Assert.True(bank.ContentEquals(content.Bank), $"flip at {offset} changed the files");
        }
    }

    private static int FindLocalHeader(byte[] archive, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 30 + nameBytes.Length <= archive.Length; i++)
        {
            if (archive[i] == 0x50 && archive[i + 1] == 0x4B && archive[i + 2] == 3 && archive[i + 3] == 4
                && archive.AsSpan(i + 30, nameBytes.Length).SequenceEqual(nameBytes))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"No local header for {name}.");
    }
}
