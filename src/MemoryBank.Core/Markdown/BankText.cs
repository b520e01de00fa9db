using System.Text;

namespace MemoryBank.Core.Markdown;

/// <summary>
/// Decodes bank files strictly as UTF-8. A BOM stays in the string as a leading U+FEFF, so encoding
/// the string again gives back the same bytes.
/// </summary>
public static class BankText
{
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The encoding used to write bank files: UTF-8, no BOM added (a kept BOM travels in the text).</summary>
    public static Encoding Encoding => s_strict;

    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="BankFileFormatException"/> for binary or invalid UTF-8 content.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.IndexOf((byte)0) >= 0)
        {
            throw new BankFileFormatException(
                $"'{path}' looks binary (it contains a NUL byte). Bank files must be UTF-8 text; move the binary file out of the memory bank.",
                path);
        }

        try
        {
            return s_strict.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new BankFileFormatException(
                $"'{path}' is not valid UTF-8 (bad byte at offset {ex.Index}). Re-save the file as UTF-8.",
                path,
                ex);
        }
    }

    /// <summary>
    /// Checks <paramref name="bytes"/> as <see cref="Decode"/> does, without decoding them; throws the same
    /// <see cref="BankFileFormatException"/>.
    /// </summary>
    public static void Validate(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.IndexOf((byte)0) >= 0 || !System.Text.Unicode.Utf8.IsValid(bytes))
        {
            // Decode names the problem and where it is.
            Decode(bytes, path);
        }
    }

    /// <summary>Reads and decodes a file.</summary>
    public static string ReadFile(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>Encodes text for writing; the inverse of <see cref="Decode"/>.</summary>
    public static byte[] Encode(string text) => s_strict.GetBytes(text);
}

/// <summary>A bank file's content cannot be read as a MemoryBank document (binary, bad UTF-8, malformed JSON Lines).</summary>
public sealed class BankFileFormatException : MemoryBankException
{
    /// <summary>Creates the error for the file at <paramref name="path"/>.</summary>
    public BankFileFormatException(string message, string path, Exception? innerException = null)
        : base("MergeInputInvalid", message, path, innerException)
    {
    }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => MemoryBankErrorKind.InvalidInput;
}
