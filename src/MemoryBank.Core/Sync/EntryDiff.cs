using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Sync;

/// <summary>Counts entries added and removed between two versions of a bank file, for people.</summary>
public static class EntryDiff
{
    /// <summary>(added, removed) entries from <paramref name="before"/> to <paramref name="after"/>; null means absent.</summary>
    public static (int Added, int Removed) Count(string? before, string? after, MergeStrategyKind strategy) =>
        Count(before, after, strategy, appendFastPath: true);

    /// <summary>
    /// <see cref="Count(string?, string?, MergeStrategyKind)"/>; with <paramref name="appendFastPath"/> false
    /// it always parses both versions in full (tests compare the two).
    /// </summary>
    internal static (int Added, int Removed) Count(string? before, string? after, MergeStrategyKind strategy, bool appendFastPath)
    {
        if (appendFastPath && strategy != MergeStrategyKind.Graph && before is not null && after is not null
            && AppendedKeys(StampLine.Strip(before), StampLine.Strip(after)) is { } tails)
        {
            return Count(tails.Before, tails.After);
        }

        return Count(Keys(before, strategy), Keys(after, strategy));
    }

    // When after extends before byte for byte (a log between two syncs), every entry of before but the last
    // is the same text in after, and cancels out: only before's last entry and after's entries from there
    // on are compared, found by the line scan the union merge's append path uses. Null when that cannot be
    // shown without parsing both in full.
    private static (List<string> Before, List<string> After)? AppendedKeys(string before, string after)
    {
        if (!after.StartsWith(before, StringComparison.Ordinal) || DocumentParser.FindLastEntry(before) is not { } last
            || before.AsSpan(last.Start).IndexOfAny('\r', '\n') < 0)
        {
            return null;
        }

        var beforeTail = DocumentParser.EntriesFrom(before, last.Start, last.Kind, last.Level);
        var afterTail = after.Length == before.Length ? beforeTail : DocumentParser.EntriesFrom(after, last.Start, last.Kind, last.Level);
        if (beforeTail is not { Entries.Count: 1 } || afterTail is null)
        {
            return null;
        }

        return (beforeTail.Entries.Select(e => e.Key).ToList(), afterTail.Entries.Select(e => e.Key).ToList());
    }

    private static (int Added, int Removed) Count(List<string> beforeKeys, List<string> afterKeys)
    {
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        var removed = 0;
        foreach (var key in beforeKeys)
        {
            remaining[key] = remaining.GetValueOrDefault(key) + 1;
            removed++;
        }

        var added = 0;
        foreach (var key in afterKeys)
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
