using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Backup;

/// <summary>
/// Exports a bank to a single archive and reads one back (docs/archive-format.md). Both are pure: bytes in,
/// bytes or a validated snapshot out, so nothing reaches the disk until the caller has a plan.
/// </summary>
/// <remarks>
/// An archive is a zip holding <c>manifest.json</c> and each bank file under <c>bank/</c>. With a password
/// the whole zip is sealed with AES-256-GCM (<c>MBKENC</c> envelope). <see cref="Read"/> checks everything (the
/// envelope, every entry name, the manifest, every size and SHA-256) before it returns anything.
/// </remarks>
public static class BankArchive
{
    /// <summary>The largest single file an archive may hold; bank files are small text files.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The largest total of file sizes an archive may declare, which bounds what a hostile archive can make a reader inflate.</summary>
    public const long MaxTotalBytes = 512L * 1024 * 1024;

    private const long MaxManifestBytes = 16L * 1024 * 1024;

    // Zip stores local times from 1980 to 2107; the manifest keeps the exact time.
    private static readonly DateTimeOffset s_zipEpoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_zipEnd = new(2107, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Builds an archive of <paramref name="bank"/>.</summary>
    /// <param name="bank">The bank's files.</param>
    /// <param name="info">Who exported it, where and when, for the manifest.</param>
    /// <param name="password">The password to encrypt with; empty for a plain zip.</param>
    /// <returns>The archive's bytes: a zip, or the <c>MBKENC</c> envelope around one.</returns>
    /// <exception cref="ArchiveException">A bank path could not be read back safely (<see cref="ArchiveException.EntryUnsafe"/>).</exception>
    public static byte[] Export(BankSnapshot bank, ArchiveManifestInfo info, ReadOnlySpan<char> password)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(info);

        var files = bank.Files.OrderBy(file => file.Key, StringComparer.Ordinal).ToList();
        foreach (var (path, _) in files)
        {
            if (ArchivePaths.Problem(path) is { } problem)
            {
                throw new ArchiveException(
                    ArchiveException.EntryUnsafe,
                    $"The bank file '{path}' cannot be archived: its path {problem}, so no reader would accept it. Rename the file and export again; nothing was written.",
                    path);
            }
        }

        var created = new DateTimeOffset(info.CreatedUtc.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var manifest = new ArchiveManifest(
            ArchiveManifest.CurrentFormatVersion,
            info.Persona,
            info.Host,
            created,
            files.Select(file => new ArchiveManifestFile(file.Key, file.Value.LongLength, Sha256Hex(file.Value))).ToList());

        var entryTime = created < s_zipEpoch ? s_zipEpoch : created > s_zipEnd ? s_zipEnd : created;
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddEntry(zip, ArchivePaths.ManifestEntry, ArchiveManifestJson.Write(manifest), entryTime);
            foreach (var (path, content) in files)
            {
                AddEntry(zip, ArchivePaths.BankFolder + path, content, entryTime);
            }
        }

        var plain = buffer.ToArray();
        return password.IsEmpty ? plain : ArchiveEncryption.Encrypt(plain, password, ArchiveEncryption.DefaultIterations);
    }

    /// <summary>True when <paramref name="archive"/> is an encrypted archive (it starts with <c>MBKENC</c>), so a caller can ask for a password first.</summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> archive) => ArchiveEncryption.IsEncrypted(archive);

    /// <summary>Reads and validates an archive. Nothing is returned unless every check passed.</summary>
    /// <param name="archive">The archive's bytes.</param>
    /// <param name="password">The password for an encrypted archive; ignored for a plain one.</param>
    /// <param name="archiveName">The archive's file name, for messages; null names it "the archive".</param>
    /// <exception cref="ArchiveException">
    /// <see cref="ArchiveException.PasswordOrDataInvalid"/>, <see cref="ArchiveException.PasswordRequired"/>,
    /// <see cref="ArchiveException.Truncated"/>, <see cref="ArchiveException.Corrupt"/>,
    /// <see cref="ArchiveException.EntryUnsafe"/> or <see cref="ArchiveException.VersionUnsupported"/>.
    /// </exception>
    public static ArchiveContent Read(byte[] archive, ReadOnlySpan<char> password, string? archiveName = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var errors = new ArchiveErrors(archiveName);
        if (ArchiveEncryption.IsEncrypted(archive))
        {
            var zip = ArchiveEncryption.Decrypt(archive, password, errors);
            return ReadZip(zip, encrypted: true, errors);
        }

        CheckPlainStart(archive, errors);
        return ReadZip(archive, encrypted: false, errors);
    }

    private static void CheckPlainStart(byte[] archive, ArchiveErrors errors)
    {
        ReadOnlySpan<byte> localHeader = [0x50, 0x4B, 0x03, 0x04];
        ReadOnlySpan<byte> emptyZip = [0x50, 0x4B, 0x05, 0x06];
        if (archive.Length == 0)
        {
            throw errors.Truncated("the file is empty");
        }

        if (archive.AsSpan().StartsWith(localHeader) || archive.AsSpan().StartsWith(emptyZip))
        {
            return;
        }

        // A file cut inside its first few bytes still shows which format it started as.
        if ((archive.Length < localHeader.Length && localHeader.StartsWith(archive)) || (archive.Length < ArchiveEncryption.Magic.Length && ArchiveEncryption.Magic.StartsWith(archive)))
        {
            throw errors.Truncated($"only {archive.Length} bytes");
        }

        throw errors.Corrupt("it starts with neither a zip signature nor the MBKENC encryption header");
    }

    private static ArchiveContent ReadZip(byte[] zipBytes, bool encrypted, ArchiveErrors errors)
    {
        if (!HasEndOfCentralDirectory(zipBytes))
        {
            // Encrypted data was authenticated, so a short zip inside it was written that way, not cut short.
            throw encrypted
                ? errors.Corrupt("the zip inside the encryption has no end record")
                : errors.Truncated("the zip's end record is missing");
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(zipBytes, writable: false), ZipArchiveMode.Read);
            return ReadEntries(zip, encrypted, errors);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            // A damaged central directory or deflate stream surfaces as any of these.
            throw errors.Corrupt($"its zip structure is invalid ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    private static ArchiveContent ReadEntries(ZipArchive zip, bool encrypted, ArchiveErrors errors)
    {
        var manifestEntries = zip.Entries.Where(entry => entry.FullName == ArchivePaths.ManifestEntry).ToList();
        if (manifestEntries.Count != 1)
        {
            throw errors.Corrupt(manifestEntries.Count == 0 ? "it has no manifest.json" : "it has more than one manifest.json");
        }

        // The version comes first: a newer format may lay its entries out differently.
        var manifest = ArchiveManifestJson.Parse(ReadEntry(manifestEntries[0], manifestEntries[0].Length, MaxManifestBytes, errors), errors);

        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (ReferenceEquals(entry, manifestEntries[0]))
            {
                continue;
            }

            var path = ArchivePaths.BankRelative(entry.FullName, out var problem);
            if (problem is not null)
            {
                throw errors.EntryUnsafe(entry.FullName, problem);
            }

            if (path is not null && !entries.TryAdd(path, entry))
            {
                throw errors.Corrupt($"it holds '{entry.FullName}' twice");
            }
        }

        var listed = new Dictionary<string, ArchiveManifestFile>(StringComparer.Ordinal);
        long total = 0;
        foreach (var file in manifest.Files)
        {
            if (ArchivePaths.Problem(file.Path) is { } problem)
            {
                throw errors.EntryUnsafe(file.Path, $"(as listed in manifest.json) {problem}");
            }

            if (!listed.TryAdd(file.Path, file))
            {
                throw errors.Corrupt($"its manifest lists '{file.Path}' twice");
            }

            total += file.Size;
            if (file.Size > MaxFileBytes || total > MaxTotalBytes)
            {
                throw errors.Corrupt($"its manifest declares more data than a bank holds ('{file.Path}' is {file.Size} bytes; at most {MaxFileBytes} per file and {MaxTotalBytes} in all are read)");
            }
        }

        foreach (var path in entries.Keys.Order(StringComparer.Ordinal))
        {
            if (!listed.ContainsKey(path))
            {
                throw errors.Corrupt($"'{ArchivePaths.BankFolder}{path}' is in the archive but not in its manifest");
            }
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            if (!entries.TryGetValue(file.Path, out var entry))
            {
                throw errors.Corrupt($"'{file.Path}' is listed in its manifest but missing from the archive");
            }

            if (entry.Length != file.Size)
            {
                throw errors.Corrupt($"'{file.Path}' is {entry.Length} bytes, but its manifest says {file.Size}");
            }

            var content = ReadEntry(entry, file.Size, MaxFileBytes, errors);
            if (!string.Equals(Sha256Hex(content), file.Sha256, StringComparison.Ordinal))
            {
                throw errors.Corrupt($"the SHA-256 of '{file.Path}' does not match its manifest");
            }

            files[file.Path] = content;
        }

        return new ArchiveContent(manifest, new BankSnapshot(files), encrypted);
    }

    // Reads exactly the declared length: a deflate stream that yields more or less than the header says is damaged.
    private static byte[] ReadEntry(ZipArchiveEntry entry, long expected, long limit, ArchiveErrors errors)
    {
        if (expected > limit)
        {
            throw errors.Corrupt($"'{entry.FullName}' is {expected} bytes, more than the {limit} a reader accepts");
        }

        var content = new byte[expected];
        using var stream = entry.Open();
        var read = stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
        if (read < content.Length)
        {
            throw errors.Corrupt($"'{entry.FullName}' holds {read} bytes, fewer than its header says ({expected})");
        }

        if (stream.ReadByte() != -1)
        {
            throw errors.Corrupt($"'{entry.FullName}' holds more data than its header says ({expected} bytes)");
        }

        return content;
    }

    /// <summary>True when the zip ends with a complete end-of-central-directory record (and its comment).</summary>
    private static bool HasEndOfCentralDirectory(ReadOnlySpan<byte> zip)
    {
        const int recordSize = 22;
        ReadOnlySpan<byte> signature = [0x50, 0x4B, 0x05, 0x06];
        var lowest = Math.Max(0, zip.Length - recordSize - ushort.MaxValue);
        for (var position = zip.Length - recordSize; position >= lowest; position--)
        {
            if (zip[position..].StartsWith(signature)
                && position + recordSize + BinaryPrimitives.ReadUInt16LittleEndian(zip[(position + 20)..]) == zip.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddEntry(ZipArchive zip, string name, byte[] content, DateTimeOffset time)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = time;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static string Sha256Hex(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
}
