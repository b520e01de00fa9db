using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Sync;

/// <summary>Counts entries added and removed between two versions of a bank file, for people.</summary>
public static class EntryDiff
{
    /// <summary>(added, removed) entries from <paramref name="before"/> to <paramref name="after"/>; null means absent.</summary>
    public static (int Added, int Removed) Count(string? before, string? after, MergeStrategyKind strategy)
    {
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        var removed = 0;
        foreach (var key in Keys(before, strategy))
        {
            remaining[key] = remaining.GetValueOrDefault(key) + 1;
            removed++;
        }

        var added = 0;
        foreach (var key in Keys(after, strategy))
        {
            if (remaining.TryGetValue(key, out var count) && count > 0)
            {
                remaining[key] = count - 1;
                removed--;
            }
            else
            {
                added++;
            }
        }

        return (added, removed);
    }

    /// <summary>The entries of <paramref name="text"/> as a multiset of keys.</summary>
    private static List<string> Keys(string? text, MergeStrategyKind strategy)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new List<string>();
        }

        if (strategy == MergeStrategyKind.Graph)
        {
            return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        }

        var document = DocumentParser.Parse(StampLine.Strip(text));
        return document.Entries.Select(e => e.Key).ToList();
    }
}
