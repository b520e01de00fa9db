using System.Text.RegularExpressions;
using MemoryBank.Core.Config;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// Finds buffer entries that a harvest already wrote into the formal documents, by rebuilding the text the
/// harvest writes for each entry and looking for it in the targets (see <see cref="HarvestPlanner"/>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>Patterns: the entry as a list item (<c>BufferEntry.ListItemLines</c>) equals a list item under a
/// <c>## Harvested yyyy-MM-dd</c> heading of the patterns file.</description></item>
/// <item><description>Lessons: every <c>##</c> section the harvest writes for the lesson (heading, date and persona
/// line, body) is a section of some <c>yyyy-MM-dd-lessons.md</c> in the target folder.</description></item>
/// <item><description>Decisions: an ADR in the target folder has the entry's title and the <c>## Decision</c>
/// section the harvest writes for it (its status, date and other sections may have been edited since).</description></item>
/// </list>
/// Entries compare by <see cref="Entry.Key"/>, so line endings and trailing white space do not matter.
/// </remarks>
internal sealed partial class HarvestedEntryFinder
{
    private readonly Func<string, string?> _readRepoFile;
    private readonly Func<string, IReadOnlyList<string>> _listRepoFolder;

    /// <summary>Reads targets through the given lookups (repository-relative paths, forward slashes).</summary>
    public HarvestedEntryFinder(Func<string, string?> readRepoFile, Func<string, IReadOnlyList<string>> listRepoFolder)
    {
        _readRepoFile = readRepoFile;
        _listRepoFolder = listRepoFolder;
    }

    /// <summary>The entries of <paramref name="buffer"/> found in <paramref name="harvest"/>'s target, each with the file holding it.</summary>
    public IReadOnlyList<(Entry Entry, string Target)> Find(HarvestPolicy harvest, BankDocument buffer)
    {
        if (buffer.Entries.Count == 0)
        {
            return [];
        }

        return harvest.Kind switch
        {
            HarvestKind.Patterns => FindPatterns(harvest.Target, buffer),
            HarvestKind.Lessons => FindLessons(harvest.Target, buffer),
            _ => FindDecisions(harvest.Target, buffer),
        };
    }

    private List<(Entry, string)> FindPatterns(string target, BankDocument buffer)
    {
        var found = new List<(Entry, string)>();
        if (_readRepoFile(target) is not { } text)
        {
            return found;
        }

        var harvested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in DocumentParser.Parse(text, EntryKind.Section, 2).Entries)
        {
            if (!HarvestedTitle().IsMatch(HeadingText.Content(section.FirstLine)))
            {
                continue;
            }

            var body = section.Text[section.FirstLine.Length..];
            foreach (var item in DocumentParser.Parse(body, EntryKind.ListItem, 0).Entries)
            {
                harvested.Add(item.Key);
            }
        }

        foreach (var entry in buffer.Entries)
        {
            if (harvested.Contains(EntryKey.Of(string.Join("\n", BufferEntry.Parse(entry).ListItemLines))))
            {
                found.Add((entry, target));
            }
        }

        return found;
    }

    private List<(Entry, string)> FindLessons(string target, BankDocument buffer)
    {
        var found = new List<(Entry, string)>();
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _listRepoFolder(target).Where(n => LessonsFileName().IsMatch(n)).Order(StringComparer.Ordinal))
        {
            var path = Join(target, name);
            if (_readRepoFile(path) is not { } text)
            {
                continue;
            }

            foreach (var section in DocumentParser.Parse(text, EntryKind.Section, 2).Entries)
            {
                sections.TryAdd(section.Key, path);
            }
        }

        if (sections.Count == 0)
        {
            return found;
        }

        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var entry in buffer.Entries)
        {
            string written;
            try
            {
                written = PostMortemLog.Append(null, [BufferEntry.Parse(entry)], day, "\n", target);
            }
            catch (HarvestException)
            {
                continue;
            }

            var keys = DocumentParser.Parse(written, EntryKind.Section, 2).Entries.Select(e => e.Key).ToArray();
            if (keys.Length > 0 && keys.All(sections.ContainsKey))
            {
                found.Add((entry, sections[keys[0]]));
            }
        }

        return found;
    }

    private List<(Entry, string)> FindDecisions(string target, BankDocument buffer)
    {
        var found = new List<(Entry, string)>();
        var adrs = new List<(int Number, string Path, string Title, HashSet<string> Sections)>();
        foreach (var name in _listRepoFolder(target).Order(StringComparer.Ordinal))
        {
            if (AdrFileName.Parse(name) is not { } parsed)
            {
                continue;
            }

            var path = Join(target, name);
            if (_readRepoFile(path) is not { } text)
            {
                continue;
            }

            var document = DocumentParser.Parse(text, EntryKind.Section, 2);
            var title = document.Preamble.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal));
            if (title is not null)
            {
                adrs.Add((parsed.Number, path, title.TrimEnd(), document.Entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal)));
            }
        }

        foreach (var entry in buffer.Entries)
        {
            var parsed = BufferEntry.Parse(entry);
            var title = HeadingText.Escape(AdrDocument.TitleOf(parsed));
            foreach (var adr in adrs)
            {
                if (!adr.Title.EndsWith(": " + title, StringComparison.Ordinal) || !adr.Title.StartsWith("# ADR-", StringComparison.Ordinal))
                {
                    continue;
                }

                string written;
                try
                {
                    written = AdrDocument.Compose(adr.Number, parsed, parsed.Date ?? DateOnly.FromDateTime(DateTime.UtcNow), "\n", adr.Path);
                }
                catch (HarvestException)
                {
                    continue;
                }

                var decision = DocumentParser.Parse(written, EntryKind.Section, 2).Entries.FirstOrDefault(e => HeadingText.Content(e.FirstLine) == "Decision");
                if (decision is not null && adr.Sections.Contains(decision.Key))
                {
                    found.Add((entry, adr.Path));
                    break;
                }
            }
        }

        return found;
    }

    private static string Join(string folder, string name) => folder.TrimEnd('/') + "/" + name;

    [GeneratedRegex(@"^Harvested [0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex HarvestedTitle();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}-lessons\.md$", RegexOptions.CultureInvariant)]
    private static partial Regex LessonsFileName();
}
