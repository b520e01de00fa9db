using System.Globalization;
using MemoryBank.Core.Config;
using MemoryBank.Core.IO;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Merge;

/// <summary>
/// git's merge driver: <c>merge-driver &lt;strategy&gt; &lt;base&gt; &lt;ours&gt; &lt;theirs&gt; [&lt;path&gt;]</c>.
/// Writes the merged result over <c>&lt;ours&gt;</c> (git's %A) and returns 0. On input it cannot parse it
/// returns 1 and leaves <c>&lt;ours&gt;</c> untouched, so git falls back to a normal conflict. Losing
/// latest-wins text is written under <c>.git/memory-bank/conflicts/</c>.
/// </summary>
public static class MergeDriverRunner
{
    /// <summary>Exit code: merged cleanly.</summary>
    public const int Merged = 0;

    /// <summary>Exit code: could not merge; %A is untouched and git records a conflict.</summary>
    public const int Failed = 1;

    /// <summary>Exit code: wrong arguments.</summary>
    public const int Usage = 2;

    /// <summary>Runs the driver, writing diagnostics to stderr. Used by the CLI and by the pwsh fallback.</summary>
    public static int Run(string[] args) => Run(args, Console.Error);

    /// <summary>Runs the driver, writing diagnostics to <paramref name="error"/>.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter error)
    {
        if (args.Count is < 4 or > 5 || !MergeStrategies.TryParse(args[0], out var kind))
        {
            error.WriteLine("memory-bank merge-driver: usage: memory-bank merge-driver <union|theirs|graph|ours> <base> <ours> <theirs> [<path>]");
            return Usage;
        }

        var (basePath, oursPath, theirsPath) = (args[1], args[2], args[3]);
        var displayPath = args.Count == 5 ? args[4] : oursPath;
        try
        {
            var baseBytes = ReadOrEmpty(basePath);
            if (kind == MergeStrategyKind.Union && TryMergeAppended(baseBytes, oursPath, theirsPath, displayPath))
            {
                return Merged;
            }

            var oursBytes = File.ReadAllBytes(oursPath);
            var theirsBytes = File.ReadAllBytes(theirsPath);
            var baseText = BankText.Decode(baseBytes, $"{displayPath} (base)");
            var oursText = BankText.Decode(oursBytes, $"{displayPath} (ours)");
            var theirsText = BankText.Decode(theirsBytes, $"{displayPath} (theirs)");
            var result = MergeStrategies.Create(kind).Merge(baseText, oursText, theirsText);
            if (result.Report.Losers.Count > 0)
            {
                WriteConflictCopies(displayPath, result.Report.Losers, error);
            }

            if (!string.Equals(result.Text, oursText, StringComparison.Ordinal))
            {
                AtomicFile.WriteAllBytes(oursPath, BankText.Encode(result.Text), ReadOnlySpan<byte>.Empty, flushToDisk: false);
            }

            return Merged;
        }
        catch (MemoryBankException ex)
        {
            error.WriteLine($"memory-bank merge-driver: cannot merge '{displayPath}' with the {args[0]} strategy: {ex.Message} git falls back to a normal conflict; resolve it by hand, or run 'memory-bank check'.");
            return Failed;
        }
        catch (IOException ex)
        {
            error.WriteLine($"memory-bank merge-driver: cannot read or write '{displayPath}': {ex.Message} git falls back to a normal conflict.");
            return Failed;
        }
        catch (UnauthorizedAccessException ex)
        {
            error.WriteLine($"memory-bank merge-driver: access denied for '{displayPath}': {ex.Message} git falls back to a normal conflict.");
            return Failed;
        }
    }

    /// <summary>The name of a conflict copy: <c>&lt;file&gt;.&lt;stamp&gt;.&lt;persona&gt;.md</c>.</summary>
    public static string ConflictCopyName(string path, UpdateStamp? stamp)
    {
        var file = Path.GetFileNameWithoutExtension(path.Replace('\\', '/').Split('/')[^1]);
        var extension = Path.GetExtension(path);
        var when = stamp is null ? "unstamped" : stamp.Updated.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var persona = stamp is null || stamp.By.Length == 0 ? "unknown" : SafeSegment(stamp.By);
        return $"{file}.{when}.{persona}{(extension.Length == 0 ? ".md" : extension)}";
    }

    // The usual log merge: both sides appended to base, byte for byte. Base is scanned as bytes, only the
    // text from its last entry on and what each side appended are decoded, the sides are read past base's
    // length only, and the result is written as base's unchanged head plus the merged tail: a large log
    // costs little more than its new entries. False when a side did not only append, or the union merge
    // cannot show that the shortcut gives the full merge's result; the caller then runs the full merge.
    private static bool TryMergeAppended(byte[] baseBytes, string oursPath, string theirsPath, string displayPath)
    {
        if (baseBytes.Length == 0
            || ReadAppended(oursPath, baseBytes) is not { } oursAppendedBytes
            || ReadAppended(theirsPath, baseBytes) is not { } theirsAppendedBytes)
        {
            return false;
        }

        BankText.Validate(baseBytes, $"{displayPath} (base)");
        if (DocumentParser.FindLastEntry(baseBytes) is not { } last)
        {
            return false;
        }

        // Base is valid UTF-8, so it ends on a character boundary and each side's appended bytes decode alone
        // to what follows base's text; the last entry starts a line, so it starts a character too.
        var lastEntry = BankText.Decode(baseBytes.AsSpan(last.Start), $"{displayPath} (base)");
        var oursAppended = BankText.Decode(oursAppendedBytes, $"{displayPath} (ours)");
        var theirsAppended = BankText.Decode(theirsAppendedBytes, $"{displayPath} (theirs)");
        if (new UnionMerge().MergeAppended(last, lastEntry, oursAppended, theirsAppended) is not { } merged)
        {
            return false;
        }

        // Ours is base plus what it appended; write only when the result differs from it.
        var head = baseBytes.AsSpan(0, merged.HeadLength);
        var tail = BankText.Encode(merged.Tail);
        var oursTail = baseBytes.AsSpan(merged.HeadLength);
        var unchanged = tail.Length == oursTail.Length + oursAppendedBytes.Length
            && tail.AsSpan(0, oursTail.Length).SequenceEqual(oursTail)
            && tail.AsSpan(oursTail.Length).SequenceEqual(oursAppendedBytes);
        if (!unchanged)
        {
            // %A is git's scratch copy: git reads it back at once and writes the work tree file itself, so
            // forcing it to disk first would only cost time.
            AtomicFile.WriteAllBytes(oursPath, head, tail, flushToDisk: false);
        }

        return true;
    }

    // The bytes of the file at path after prefix, when the file starts with prefix; null when it does not.
    // Reads the shared part in blocks and compares as it goes, so it is never held twice in memory.
    private static byte[]? ReadAppended(string path, byte[] prefix)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        if (length < prefix.Length)
        {
            return null;
        }

        var block = new byte[Math.Min(prefix.Length, 64 * 1024)];
        for (var offset = 0; offset < prefix.Length;)
        {
            var read = RandomAccess.Read(handle, block.AsSpan(0, Math.Min(block.Length, prefix.Length - offset)), offset);
            if (read == 0 || !block.AsSpan(0, read).SequenceEqual(prefix.AsSpan(offset, read)))
            {
                return null;
            }

            offset += read;
        }

        var appended = new byte[length - prefix.Length];
        for (var offset = 0; offset < appended.Length;)
        {
            var read = RandomAccess.Read(handle, appended.AsSpan(offset), prefix.Length + offset);
            if (read == 0)
            {
                // The file shrank while it was read: let the full merge read it again.
                return null;
            }

            offset += read;
        }

        return appended;
    }

    private static byte[] ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllBytes(path) : Array.Empty<byte>();

    private static void WriteConflictCopies(string displayPath, IReadOnlyList<LosingText> losers, TextWriter error)
    {
        var gitDir = FindGitDir(Directory.GetCurrentDirectory());
        if (gitDir is null)
        {
            error.WriteLine($"memory-bank merge-driver: '{displayPath}': a losing version could not be kept because no .git folder was found; it is in the merge report only.");
            return;
        }

        var folder = Path.Combine(gitDir, "memory-bank", "conflicts");
        foreach (var loser in losers.GroupBy(l => l.Text).Select(g => g.First()))
        {
            var bytes = BankText.Encode(loser.Text);
            var name = ConflictCopyName(displayPath, loser.Stamp);
            var target = Path.Combine(folder, name);

            // Another losing text may already hold the name (two unstamped losers, say): number this copy
            // rather than overwrite that one.
            for (var number = 2; File.Exists(target) && !File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes); number++)
            {
                target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}.{number}{Path.GetExtension(name)}");
            }

            if (File.Exists(target))
            {
                continue;
            }

            AtomicFile.WriteAllBytes(target, bytes);
            error.WriteLine($"memory-bank merge-driver: '{displayPath}': the older version lost a latest-wins decision; it is kept at {target}.");
        }
    }

    private static string SafeSegment(string text)
    {
        var chars = text.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray();
        var segment = new string(chars).Trim('-');
        return segment.Length == 0 ? "unknown" : segment;
    }

    // git runs merge drivers at the top of the work tree; GIT_DIR may be set by the caller.
    private static string? FindGitDir(string start)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GIT_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(candidate))
            {
                var line = File.ReadAllText(candidate).Trim();
                if (line.StartsWith("gitdir:", StringComparison.Ordinal))
                {
                    var target = line["gitdir:".Length..].Trim();
                    return Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(dir.FullName, target));
                }
            }
        }

        return null;
    }
}
