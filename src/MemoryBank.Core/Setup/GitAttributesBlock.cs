using System.Text;
using MemoryBank.Core.Config;

namespace MemoryBank.Core.Setup;

/// <summary>
/// The marked block MemoryBank keeps in <c>.gitattributes</c>. Only the text between the markers is
/// ever rewritten; the rest of the file stays byte for byte.
/// </summary>
public static class GitAttributesBlock
{
    /// <summary>The first line of the block.</summary>
    public const string BeginMarker = "# >>> memory-bank (managed by `memory-bank init`; edits inside this block are replaced)";

    /// <summary>The last line of the block.</summary>
    public const string EndMarker = "# <<< memory-bank";

    /// <summary>The git merge driver name for a strategy, for example <c>memorybank-union</c>.</summary>
    public static string DriverName(MergeStrategyKind strategy) => "memorybank-" + strategy.ToString().ToLowerInvariant();

    /// <summary>Builds the block's lines for the configuration's policies, without a trailing newline.</summary>
    public static string Build(MemoryBankConfig config)
    {
        var bank = config.BankPath.TrimEnd('/');
        var builder = new StringBuilder();
        builder.Append(BeginMarker).Append('\n');

        // Later lines override earlier ones in .gitattributes, so the catch-all patterns come first.
        builder.Append(Line(bank + "/*.md", MergeStrategyKind.Union));
        builder.Append(Line(bank + "/**/*.md", MergeStrategyKind.Union));
        builder.Append(Line(bank + "/**/*.jsonl", MergeStrategyKind.Graph));
        builder.Append(Line(bank + "/**/*.json", MergeStrategyKind.Graph));
        foreach (var policy in config.Files)
        {
            builder.Append(Line(bank + "/" + policy.Name, policy.Strategy));
        }

        builder.Append(EndMarker);
        return builder.ToString();
    }

    /// <summary>Returns <paramref name="existing"/> with the block inserted or replaced; the rest is kept exactly.</summary>
    public static string Apply(string existing, string block)
    {
        var newline = existing.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var blockText = block.Replace("\n", newline, StringComparison.Ordinal);
        if (Locate(existing) is (var begin, var end))
        {
            return existing[..begin] + blockText + existing[end..];
        }

        var separator = existing.Length == 0 || existing.EndsWith('\n') ? string.Empty : newline;
        return existing + separator + blockText + newline;
    }

    /// <summary>Reads the current block from <paramref name="existing"/>, or null when there is none.</summary>
    public static string? Find(string existing) =>
        Locate(existing) is (var begin, var end) ? existing[begin..end].Replace("\r\n", "\n", StringComparison.Ordinal) : null;

    /// <summary>
    /// The first complete block: the first end marker with a begin marker before it, and the last such begin
    /// marker. A begin marker left without its end (an edited file) is then never paired with a later block's
    /// end, which would swallow the user's lines in between.
    /// </summary>
    private static (int Begin, int End)? Locate(string existing)
    {
        for (var endMarker = existing.IndexOf(EndMarker, StringComparison.Ordinal); endMarker >= 0; endMarker = existing.IndexOf(EndMarker, endMarker + 1, StringComparison.Ordinal))
        {
            var begin = endMarker == 0 ? -1 : existing.LastIndexOf(BeginMarker, endMarker - 1, StringComparison.Ordinal);
            if (begin >= 0)
            {
                return (begin, endMarker + EndMarker.Length);
            }
        }

        return null;
    }

    private static string Line(string pattern, MergeStrategyKind strategy)
    {
        // gitattributes accepts C-style quoted patterns for paths with spaces.
        var quoted = pattern.Any(char.IsWhiteSpace) ? "\"" + pattern.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : pattern;
        return $"{quoted} merge={DriverName(strategy)}\n";
    }
}
