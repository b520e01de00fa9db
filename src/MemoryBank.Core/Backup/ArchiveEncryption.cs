using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MemoryBank.Core.Backup;

/// <summary>
/// The encrypted archive envelope (docs/archive-format.md): the whole zip sealed with AES-256-GCM under a key
/// derived from the password with PBKDF2-HMAC-SHA256, behind a versioned header that is authenticated too.
/// </summary>
/// <remarks>
/// <code>
/// offset size  field
///      0    6  magic "MBKENC" (ASCII)
///      6    1  envelope version, 1
///      7    4  PBKDF2 iterations, uint32 big-endian
///     11   16  salt
///     27   12  nonce
///     39    8  ciphertext length, uint64 big-endian
///     47   16  GCM tag
///     63    n  ciphertext (n = plaintext length)
/// </code>
/// Bytes 0–46 (everything before the tag) are the GCM associated data.
/// </remarks>
internal static class ArchiveEncryption
{
    public const byte Version = 1;
    public const int IterationsOffset = 7;
    public const int SaltOffset = 11;
    public const int SaltSize = 16;
    public const int NonceOffset = 27;
    public const int NonceSize = 12;
    public const int LengthOffset = 39;
    public const int TagOffset = 47;
    public const int TagSize = 16;
    public const int HeaderSize = 63;
    public const int KeySize = 32;

    /// <summary>The iterations used when encrypting (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Fewer iterations than this are never written, so a header claiming fewer was altered.</summary>
    public const int MinimumIterations = 600_000;

    /// <summary>More than this would keep a reader busy for minutes; a header claiming more was altered.</summary>
    public const int MaximumIterations = 10_000_000;

    /// <summary>The magic bytes that start an encrypted archive.</summary>
    public static ReadOnlySpan<byte> Magic => "MBKENC"u8;

    /// <summary>True when <paramref name="data"/> starts with the encrypted-archive magic.</summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> data) => data.StartsWith(Magic);

    /// <summary>Seals <paramref name="plaintext"/> with a fresh salt and nonce.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<char> password, int iterations)
    {
        EnsureSupported();
        var output = new byte[HeaderSize + plaintext.Length];
        var header = output.AsSpan(0, HeaderSize);
        Magic.CopyTo(header);
        header[Magic.Length] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(header[IterationsOffset..], (uint)iterations);
        RandomNumberGenerator.Fill(header.Slice(SaltOffset, SaltSize));
        RandomNumberGenerator.Fill(header.Slice(NonceOffset, NonceSize));
        BinaryPrimitives.WriteUInt64BigEndian(header[LengthOffset..], (ulong)plaintext.Length);

        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, header.Slice(SaltOffset, SaltSize), key, iterations, HashAlgorithmName.SHA256);
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(
                header.Slice(NonceOffset, NonceSize),
                plaintext,
                output.AsSpan(HeaderSize),
                header.Slice(TagOffset, TagSize),
                header[..TagOffset]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return output;
    }

    /// <summary>
    /// Checks the header, then opens the envelope. Structural problems are reported before the password is
    /// asked for, so a damaged file is never blamed on the password.
    /// </summary>
    /// <exception cref="ArchiveException">Truncated, unsupported version, altered header, missing or wrong password.</exception>
    public static byte[] Decrypt(byte[] data, ReadOnlySpan<char> password, ArchiveErrors errors)
    {
        if (data.Length <= Magic.Length)
        {
            throw errors.Truncated($"{data.Length} bytes; the encryption header alone is {HeaderSize}");
        }

        if (data[Magic.Length] != Version)
        {
            throw errors.VersionUnsupported("encryption format version", data[Magic.Length], Version);
        }

        if (data.Length < HeaderSize)
        {
            throw errors.Truncated($"{data.Length} bytes; the encryption header alone is {HeaderSize}");
        }

        var header = data.AsSpan(0, HeaderSize);
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(header[IterationsOffset..]);
        if (iterations is < MinimumIterations or > MaximumIterations)
        {
            throw errors.Corrupt($"its encryption header claims {iterations} key-derivation iterations, outside {MinimumIterations}–{MaximumIterations}");
        }

        var length = BinaryPrimitives.ReadUInt64BigEndian(header[LengthOffset..]);
        var actual = (ulong)(data.Length - HeaderSize);
        if (length > actual)
        {
            throw errors.Truncated($"{actual} of {length} encrypted bytes are present");
        }

        if (length < actual)
        {
            throw errors.Corrupt($"{actual - length} unexpected bytes follow the encrypted data");
        }

        if (password.IsEmpty)
        {
            throw errors.PasswordRequired();
        }

        EnsureSupported();
        var plaintext = new byte[data.Length - HeaderSize];
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, header.Slice(SaltOffset, SaltSize), key, (int)iterations, HashAlgorithmName.SHA256);
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                header.Slice(NonceOffset, NonceSize),
                data.AsSpan(HeaderSize),
                header.Slice(TagOffset, TagSize),
                plaintext,
                header[..TagOffset]);
        }
        catch (CryptographicException ex)
        {
            // AuthenticationTagMismatchException: the tag does not tell a wrong key from an altered byte.
            CryptographicOperations.ZeroMemory(plaintext);
            throw errors.PasswordOrDataInvalid(ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return plaintext;
    }

    private static void EnsureSupported()
    {
        if (!AesGcm.IsSupported)
        {
            throw new MemoryBankException(
                "ArchiveEncryptionUnsupported",
                "AES-GCM is not available on this platform, so encrypted archives cannot be made or read here. Export without a password, or use a platform whose crypto library supports AES-GCM (on Linux, OpenSSL 1.1 or later).");
        }
    }
}
