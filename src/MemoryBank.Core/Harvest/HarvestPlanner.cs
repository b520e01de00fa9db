using System.Globalization;
using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// Plans <c>Invoke-MemoryHarvest</c>: which buffer entries move into which formal documents, and the new
/// text of every buffer and document involved. Pure: no git, no file I/O.
/// </summary>
public static class HarvestPlanner
{
    /// <summary>Plans the harvest of every buffer whose file policy has a harvest rule.</summary>
    /// <remarks>
    /// <para>
    /// <b>Thresholds.</b> A buffer's entries are its top-level list items (or, in a buffer written with
    /// headings, its heading sections), as <see cref="DocumentParser"/> reads them; the preamble (the title
    /// and explanation before the first entry) never counts. <see cref="HarvestUnit.Lines"/> counts the
    /// non-blank lines of all entries, nested lines included; <see cref="HarvestUnit.Items"/> counts
    /// entries. A buffer is harvested when its count is at or over its threshold, or, with
    /// <see cref="HarvestInput.Force"/>, whenever it has an entry; then all its entries move, except
    /// decisions that <see cref="HarvestInput.ConfirmDecision"/> declines.
    /// </para>
    /// <para>
    /// <b>Patterns</b> are copied verbatim as list items (date, persona and nested lines included) under a
    /// <c>## Harvested yyyy-MM-dd</c> heading. A date gets one heading: a second harvest the same day adds
    /// its entries at the end of that day's section. A new date's section goes after the last
    /// <c>## Harvested</c> section, or at the end of the file. A missing file starts with <c># Patterns</c>.
    /// </para>
    /// <para>
    /// <b>Lessons</b> go to <c>target/yyyy-MM-dd-lessons.md</c> (the harvest date): per lesson a
    /// <c>## first line</c> heading, a <c>- Date: stamp · Persona: persona</c> line and the nested lines,
    /// de-indented. A second harvest the same day appends to the same file.
    /// </para>
    /// <para>
    /// <b>Decisions</b> become <c>target/ADR-NNN-slug.md</c>, numbered after the highest existing ADR
    /// (<c>ADR-003-x.md</c>, <c>adr-0003-x.md</c> and <c>0003-x.md</c> all count), in Nygard form. The first
    /// line without its date and persona is the title. Nested lines starting with a <c>Context:</c>,
    /// <c>Decision:</c> or <c>Consequences:</c> label (optionally bulleted or bold) start that section;
    /// nested lines before any label are decision text; labels inside code and HTML blocks are text. The
    /// words are copied verbatim; with no decision text the title line is the decision. The slug is the
    /// title in lowercase ASCII (diacritics removed, ß → ss, æ → ae, ø → o, œ → oe, ł → l, đ → d, þ → th,
    /// other non-ASCII letters dropped), hyphen-separated, at most 50 characters cut at a word boundary,
    /// <c>decision</c> when empty, and suffixed <c>-2</c>, <c>-3</c>… when an ADR with that slug exists.
    /// </para>
    /// <para>
    /// <b>Existing documents</b> are only added to: their bytes never change. New text starts a block of
    /// its own: a line break is added when the file ends without one, then a blank line; when the file
    /// ends inside a fenced code block (or an HTML comment, <c>&lt;pre&gt;</c> or similar block that only an
    /// end marker closes), a closing fence (or marker) line is added first, because anything appended
    /// would otherwise become part of the code. Every heading and entry added is checked to parse as a
    /// heading or list item of its own. New text uses the document's line ending; a new document uses
    /// its buffer's.
    /// </para>
    /// <para>
    /// <b>Buffers</b> keep their preamble and remaining entries byte for byte.
    /// </para>
    /// </remarks>
    /// <exception cref="HarvestException">Appending to a target would not keep the new content as blocks of its own.</exception>
    public static HarvestPlan Plan(HarvestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Config);
        ArgumentNullException.ThrowIfNull(input.Buffers);
        ArgumentNullException.ThrowIfNull(input.ReadRepoFile);
        ArgumentNullException.ThrowIfNull(input.ListRepoFolder);

        var workspace = new TargetWorkspace(input.ReadRepoFile, input.ListRepoFolder);
        var items = new List<HarvestItem>();
        var buffers = new Dictionary<string, string>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var policy in input.Config.Files)
        {
            if (policy.Harvest is not { } harvest || !input.Buffers.TryGetValue(policy.Name, out var text))
            {
                continue;
            }

            var document = DocumentParser.Parse(text);
            if (document.Entries.Count == 0)
            {
                notes.Add($"{policy.Name} has no entries, nothing to harvest");
                continue;
            }

            var count = Count(document, harvest.Unit);
            var measure = $"{policy.Name} {count}/{harvest.Threshold} {(harvest.Unit == HarvestUnit.Lines ? "lines" : "items")}";
            if (count < harvest.Threshold)
            {
                if (!input.Force)
                {
                    notes.Add(measure + ", below threshold (use --force)");
                    continue;
                }

                notes.Add(measure + ", below threshold, harvested because of --force");
            }

            var entries = document.Entries.Select(BufferEntry.Parse).ToList();
            var harvested = harvest.Kind switch
            {
                HarvestKind.Patterns => HarvestPatterns(policy.Name, harvest, entries, document.LineEnding, input, workspace),
                HarvestKind.Lessons => HarvestLessons(policy.Name, harvest, entries, document.LineEnding, input, workspace),
                _ => HarvestDecisions(policy.Name, harvest, entries, document.LineEnding, input, workspace, notes),
            };

            if (harvested.Count == 0)
            {
                continue;
            }

            var moved = new HashSet<BufferEntry>(harvested.Select(h => h.Entry));
            buffers[policy.Name] = document.Preamble + string.Concat(entries.Where(e => !moved.Contains(e)).Select(e => e.Source.Text));
            items.AddRange(harvested.Select(h => h.Item));
        }

        return new HarvestPlan
        {
            Items = items,
            BufferTexts = buffers,
            DocTexts = workspace.Written,
            Notes = notes,
            SessionLogSummary = Summary(items),
        };
    }

    /// <summary>What a threshold counts: non-blank lines of the entries (not the preamble), or entries.</summary>
    internal static int Count(BankDocument document, HarvestUnit unit) =>
        unit == HarvestUnit.Items ? document.Entries.Count : document.Entries.Sum(e => e.NonBlankLineCount);

    private static List<(BufferEntry Entry, HarvestItem Item)> HarvestPatterns(
        string source, HarvestPolicy policy, List<BufferEntry> entries, string newline, HarvestInput input, TargetWorkspace workspace)
    {
        var path = policy.Target;
        workspace.Write(path, PatternCatalog.Append(workspace.Read(path), entries, input.Today, newline, path));
        return entries.Select(e => (e, Item(source, e, path, HarvestKind.Patterns, e.Title, adrNumber: null))).ToList();
    }

    private static List<(BufferEntry Entry, HarvestItem Item)> HarvestLessons(
        string source, HarvestPolicy policy, List<BufferEntry> entries, string newline, HarvestInput input, TargetWorkspace workspace)
    {
        var path = TargetWorkspace.Join(policy.Target, PostMortemLog.FileName(input.Today));
        workspace.Write(path, PostMortemLog.Append(workspace.Read(path), entries, input.Today, newline, path));
        return entries.Select(e => (e, Item(source, e, path, HarvestKind.Lessons, e.Title, adrNumber: null))).ToList();
    }

    private static List<(BufferEntry Entry, HarvestItem Item)> HarvestDecisions(
        string source, HarvestPolicy policy, List<BufferEntry> entries, string newline, HarvestInput input, TargetWorkspace workspace, List<string> notes)
    {
        var existing = workspace.List(policy.Target).Select(AdrFileName.Parse).OfType<(int Number, string Slug)>().ToList();
        var next = existing.Count == 0 ? 1 : existing.Max(adr => adr.Number) + 1;
        var slugs = new HashSet<string>(existing.Select(adr => adr.Slug), StringComparer.OrdinalIgnoreCase);
        var harvested = new List<(BufferEntry, HarvestItem)>();
        foreach (var entry in entries)
        {
            var title = AdrDocument.TitleOf(entry);
            var slug = AdrSlug.Unique(AdrSlug.From(title), slugs);
            var path = TargetWorkspace.Join(policy.Target, AdrFileName.Format(next, slug));
            var item = Item(source, entry, path, HarvestKind.Decisions, title, next);
            if (input.ConfirmDecision is { } confirm && !confirm(item))
            {
                notes.Add($"{source}: decision \"{title}\" not confirmed, it stays in the inbox");
                continue;
            }

            workspace.Write(path, AdrDocument.Compose(next, entry, entry.Date ?? input.Today, newline, path));
            slugs.Add(slug);
            harvested.Add((entry, item));
            next++;
        }

        return harvested;
    }

    private static HarvestItem Item(string source, BufferEntry entry, string target, HarvestKind kind, string title, int? adrNumber) => new()
    {
        SourceFile = source,
        Entry = entry.Source.Text,
        TargetFile = target,
        AdrNumber = adrNumber,
        Kind = kind,
        Title = title,
        Persona = entry.Persona,
        Date = entry.Date,
    };

    // "Harvested 3 entries: 2 from patterns-buffer.md to Docs/…/Patterns.md; 1 from decisions-inbox.md to Docs/…/ADR-008-x.md".
    private static string Summary(List<HarvestItem> items)
    {
        if (items.Count == 0)
        {
            return "Nothing harvested.";
        }

        var parts = items
            .GroupBy(i => i.SourceFile, StringComparer.Ordinal)
            .Select(g => $"{g.Count().ToString(CultureInfo.InvariantCulture)} from {g.Key} to {string.Join(", ", g.Select(i => i.TargetFile).Distinct(StringComparer.Ordinal))}");
        return $"Harvested {Entries(items.Count)}: {string.Join("; ", parts)}";
    }

    private static string Entries(int count) => count == 1 ? "1 entry" : count.ToString(CultureInfo.InvariantCulture) + " entries";
}
