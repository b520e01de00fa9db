using System.Globalization;
using System.Text.RegularExpressions;
using Markdig.Syntax;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// Writes one decision as a Nygard ADR: <c># ADR-NNN: Title</c>, <c>Status: Proposed</c>,
/// <c>Date: yyyy-MM-dd</c>, <c>Deciders: persona</c>, then <c>## Context</c>, <c>## Decision</c> and
/// <c>## Consequences</c>, filled with the entry's own words.
/// </summary>
/// <remarks>
/// <para>
/// The title is the entry's first line without its date and persona. The nested lines are split into the
/// sections by labels: a nested line that starts with <c>Context:</c>, <c>Decision:</c> or
/// <c>Consequences:</c> (any case; optionally as a bullet item, <c>- Context: …</c>, or in bold,
/// <c>**Context:**</c>) starts that section, which runs until the next label. The text after the label
/// is the section's first line. Nested lines before any label are decision text. Labels inside code
/// blocks and HTML blocks are text, not labels. A label's later lines lose the indentation of its bullet.
/// </para>
/// <para>
/// Text is copied verbatim, never reworded. When the entry has no decision text, the title line is the
/// decision. A section with no text says <see cref="NotRecorded"/>.
/// </para>
/// </remarks>
internal static partial class AdrDocument
{
    /// <summary>What an empty section says.</summary>
    public const string NotRecorded = "_Not recorded in the decisions inbox._";

    /// <summary>The title of a decision whose first line has no text after its prefix.</summary>
    public const string UntitledDecision = "Untitled decision";

    private enum Label
    {
        Context,
        Decision,
        Consequences,
    }

    /// <summary>The decision's title: its first line's text, or <see cref="UntitledDecision"/>.</summary>
    public static string TitleOf(BufferEntry entry) => entry.Title.Length == 0 ? UntitledDecision : entry.Title;

    /// <summary>The entry's nested lines split into context, decision and consequences (see remarks).</summary>
    public static (IReadOnlyList<string> Context, IReadOnlyList<string> Decision, IReadOnlyList<string> Consequences) Split(BufferEntry entry)
    {
        var body = entry.Body;
        var literal = LiteralLines(body);
        var sections = new Dictionary<Label, List<string>>
        {
            [Label.Context] = [],
            [Label.Decision] = [],
            [Label.Consequences] = [],
        };

        var current = Label.Decision;
        var chunk = new List<string>();
        var bulletWidth = 0;
        for (var i = 0; i < body.Count; i++)
        {
            if (!literal[i] && LabelPattern().Match(body[i]) is { Success: true } match)
            {
                AddChunk(sections[current], chunk);
                current = match.Groups["label"].Value.ToLowerInvariant() switch
                {
                    "context" => Label.Context,
                    "decision" => Label.Decision,
                    _ => Label.Consequences,
                };
                chunk = [];
                bulletWidth = match.Groups["bullet"].Length;
                if (match.Groups["rest"].Value.Trim().Length > 0)
                {
                    chunk.Add(match.Groups["rest"].Value);
                }

                continue;
            }

            chunk.Add(bulletWidth > 0 ? BufferEntry.Dedent(body[i], bulletWidth) : body[i]);
        }

        AddChunk(sections[current], chunk);
        var decision = sections[Label.Decision];
        if (decision.Count == 0 && entry.Title.Length > 0)
        {
            decision.Add(entry.Title);
        }

        return (sections[Label.Context], decision, sections[Label.Consequences]);
    }

    /// <summary>The ADR text for <paramref name="entry"/>.</summary>
    /// <param name="number">The ADR number.</param>
    /// <param name="entry">The decision.</param>
    /// <param name="date">The decision's date: the entry's, else the harvest date.</param>
    /// <param name="newline">The line ending to write.</param>
    /// <param name="path">The repository-relative path, for errors.</param>
    public static string Compose(int number, BufferEntry entry, DateOnly date, string newline, string path)
    {
        var (context, decision, consequences) = Split(entry);
        var composer = new MarkdownComposer(string.Empty, newline);
        composer.AppendBlock([$"# ADR-{AdrFileName.Number(number)}: {HeadingText.Escape(TitleOf(entry))}"], anchor: true);
        composer.AppendBlock(["Status: Proposed"]);
        composer.AppendBlock(["Date: " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
        composer.AppendBlock(["Deciders: " + (entry.Persona ?? "unknown")]);
        foreach (var (heading, lines) in new[] { ("Context", context), ("Decision", decision), ("Consequences", consequences) })
        {
            composer.AppendBlock(["## " + heading], anchor: true);
            composer.AppendBlock(lines.Count == 0 ? [NotRecorded] : lines);
        }

        var text = composer.ToString();
        MarkdownOutline.VerifyBlockStarts(text, composer.Anchors, path);
        return text;
    }

    // Chunks of one section are joined by a blank line.
    private static void AddChunk(List<string> section, List<string> chunk)
    {
        var trimmed = BufferEntry.TrimBlank(chunk);
        if (trimmed.Count == 0)
        {
            return;
        }

        if (section.Count > 0)
        {
            section.Add(string.Empty);
        }

        section.AddRange(trimmed);
    }

    // Lines inside code blocks and HTML blocks, where a label is only text.
    private static bool[] LiteralLines(IReadOnlyList<string> body)
    {
        var literal = new bool[body.Count];
        if (body.Count == 0)
        {
            return literal;
        }

        var outline = MarkdownOutline.Parse(string.Join('\n', body));
        foreach (var block in outline.Document.Descendants<LeafBlock>())
        {
            int last;
            if (block is FencedCodeBlock fence)
            {
                last = fence.ClosingFencedCharCount == 0 ? body.Count - 1 : fence.Line + fence.Lines.Count + 1;
            }
            else if (block is CodeBlock or HtmlBlock)
            {
                last = block.Line + Math.Max(1, block.Lines.Count) - 1;
            }
            else
            {
                continue;
            }

            for (var line = block.Line; line <= last && line < literal.Length; line++)
            {
                literal[line] = true;
            }
        }

        return literal;
    }

    [GeneratedRegex(
        @"^(?<bullet>[-*+][ \t]+)?(?:\*\*|__)?(?<label>context|decision|consequences?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*(?<rest>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex LabelPattern();
}
