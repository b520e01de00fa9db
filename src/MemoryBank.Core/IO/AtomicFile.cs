using System.Text;

namespace MemoryBank.Core.IO;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the same folder, is flushed to
/// disk, and is then renamed over the target. A crash leaves either the old or the new file, never a
/// half-written one.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding s_utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically, creating the folder if needed.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes) => WriteAllBytes(path, bytes, ReadOnlySpan<byte>.Empty, flushToDisk: true);

    /// <summary>
    /// Writes <paramref name="head"/> then <paramref name="tail"/> to <paramref name="path"/> atomically, as one
    /// file. With <paramref name="flushToDisk"/> false the content is not forced to disk before the rename:
    /// still all-or-nothing for readers, for scratch files another program reads back at once (git's merge
    /// driver output).
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, bool flushToDisk)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{UniqueSuffix()}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                stream.Write(head);
                stream.Write(tail);
                stream.Flush(flushToDisk);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a BOM (the text itself may start with U+FEFF to keep one).</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, s_utf8NoBom.GetBytes(text));

    // 32 hex digits from a new GUID. Formatted by hand: Guid's own formatter is JIT-compiled on first use,
    // which every merge-driver process would pay for.
    private static string UniqueSuffix()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes);
        Span<char> chars = stackalloc char[32];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
            chars[(2 * i) + 1] = "0123456789abcdef"[bytes[i] & 0xF];
        }

        return new string(chars);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temp file is named uniquely; a leftover is harmless and is swept by the health check.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
