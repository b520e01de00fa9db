using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MemoryBank.Core.Backup;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Tests.Backup;

/// <summary>A sample bank, and builders for hand-made (often hostile) archives.</summary>
internal static class BackupSamples
{
    public const string Password = "correct horse battery staple";

    public static ArchiveManifestInfo Info { get; } = new("dev-engineer", "build-box", new DateTimeOffset(2026, 3, 1, 10, 30, 15, TimeSpan.Zero));

    public static BankSnapshot Bank() => new(new Dictionary<string, byte[]>
    {
        ["activeContext.md"] = Utf8("<!-- memory-bank: updated=2026-03-01T10:00:00Z by=dev-engineer -->\n# Active context\n\n## Focus\n\nArchive export.\n"),
        ["patterns-buffer.md"] = Utf8("# Patterns buffer\n\n- 2026-02-28 Prefer spans over substrings.\n- 2026-03-01 Validate before writing.\n"),
        ["memory.jsonl"] = Utf8("{\"type\":\"entity\",\"name\":\"MemoryBank\",\"entityType\":\"project\",\"observations\":[\"syncs banks\"]}\n"),
        ["notes/deep/ñandú.md"] = Utf8("\uFEFF# Ñandú\r\n\r\n- CRLF and a BOM survive.\r\n"),
        ["empty.md"] = [],
    });

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A zip of exactly these entries, in this order.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A manifest listing <paramref name="files"/> with their true sizes and hashes.</summary>
    public static byte[] Manifest(IEnumerable<(string Path, byte[] Content)> files, int formatVersion = 1) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            formatVersion,
            persona = "dev-engineer",
            host = "build-box",
            createdUtc = "2026-03-01T10:30:15Z",
            files = files.Select(f => new { path = f.Path, size = f.Content.LongLength, sha256 = Convert.ToHexString(SHA256.HashData(f.Content)).ToLowerInvariant() }),
        });

    /// <summary>A well-formed archive of <paramref name="files"/> plus any <paramref name="extraEntries"/> the manifest does not list.</summary>
    public static byte[] Archive((string Path, byte[] Content)[] files, params (string Name, byte[] Content)[] extraEntries) =>
        Zip([("manifest.json", Manifest(files)), .. files.Select(f => ("bank/" + f.Path, f.Content)), .. extraEntries]);

    public static byte[] Flip(byte[] data, int offset)
    {
        var copy = (byte[])data.Clone();
        copy[offset < 0 ? copy.Length + offset : offset] ^= 0x01;
        return copy;
    }

    public static void AssertSameFiles(BankSnapshot expected, BankSnapshot actual)
    {
        Assert.Equal(expected.Files.Keys.Order(StringComparer.Ordinal), actual.Files.Keys.Order(StringComparer.Ordinal));
        Assert.True(expected.ContentEquals(actual));
    }
}
