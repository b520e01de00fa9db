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
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
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
