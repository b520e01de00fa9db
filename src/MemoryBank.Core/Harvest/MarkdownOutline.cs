using System.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// The block structure of a Markdown text as Markdig reads it, with offsets into the original string
/// (a leading BOM included), and the rules for appending a block so that it starts a new top-level block.
/// </summary>
internal sealed class MarkdownOutline
{
    private static readonly MarkdownPipeline s_pipeline = CreatePipeline();

    private readonly List<int> _lineStarts;
    private readonly int _bomLength;

    private MarkdownOutline(string text, MarkdownDocument document, List<int> lineStarts, int bomLength)
    {
        Text = text;
        Document = document;
        _lineStarts = lineStarts;
        _bomLength = bomLength;
    }

    /// <summary>The parsed text.</summary>
    public string Text { get; }

    /// <summary>Markdig's block tree; inline parsing is off.</summary>
    public MarkdownDocument Document { get; }

    /// <summary>Parses <paramref name="text"/>; never throws for any string.</summary>
    public static MarkdownOutline Parse(string text)
    {
        // Markdig reads a BOM as text: parse without it. Its line numbers are unchanged (a BOM is not a
        // line terminator), its offsets shift by one.
        var bomLength = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;

        // Line starts count \r\n, \n and a lone \r as Markdig does, so its line numbers index them.
        var starts = new List<int> { bomLength };
        for (var i = bomLength; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
                starts.Add(i + 1);
            }
            else if (text[i] is '\r' or '\n')
            {
                starts.Add(i + 1);
            }
        }

        var document = Markdig.Markdown.Parse(bomLength == 0 ? text : text[bomLength..], s_pipeline);
        return new MarkdownOutline(text, document, starts, bomLength);
    }

    /// <summary>
    /// What to write after <paramref name="text"/> so that the next line starts a new top-level block:
    /// a line break when the text ends without one; a closing line when the text ends inside a top-level
    /// fenced code block or an HTML block that only an end marker closes (otherwise everything appended
    /// would be swallowed by it); then a blank line, unless <paramref name="continueList"/> is set and the
    /// text ends in a list, which the next bullet item then simply continues. Existing bytes never change.
    /// </summary>
    /// <param name="text">The text appended to.</param>
    /// <param name="settledLength">
    /// A prefix of <paramref name="text"/> known to end before a top-level block start (0 when unknown):
    /// only the rest is parsed.
    /// </param>
    /// <param name="continueList">The next block is a bullet item that may join a list the text ends with.</param>
    /// <param name="newline">The line ending to write.</param>
    public static string Separator(string text, int settledLength, bool continueList, string newline)
    {
        var bomLength = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        if (text.Length <= bomLength)
        {
            return string.Empty;
        }

        var tail = settledLength <= bomLength ? text : text[settledLength..];
        var last = Parse(tail).Document.LastChild;
        var separator = new StringBuilder();
        if (!EndsWithLineBreak(text))
        {
            separator.Append(newline);
        }

        var closer = last is null ? null : ClosingLine(last);
        if (closer is not null)
        {
            separator.Append(closer).Append(newline);
        }

        var joinList = continueList && closer is null && last is ListBlock;
        if (!joinList && !EndsWithBlankLine(text + separator))
        {
            separator.Append(newline);
        }

        return separator.ToString();
    }

    /// <summary>
    /// Checks that every offset in <paramref name="anchors"/> starts a top-level heading or a top-level list
    /// item of <paramref name="text"/>; throws <see cref="HarvestException"/> naming <paramref name="path"/> otherwise.
    /// </summary>
    public static void VerifyBlockStarts(string text, IEnumerable<int> anchors, string path)
    {
        var outline = Parse(text);
        var starts = new HashSet<int>();
        foreach (var block in outline.Document)
        {
            if (block is HeadingBlock)
            {
                starts.Add(outline.StartOf(block));
            }
            else if (block is ListBlock list)
            {
                foreach (var item in list)
                {
                    starts.Add(outline.StartOf(item));
                }
            }
        }

        foreach (var anchor in anchors)
        {
            if (!starts.Contains(anchor))
            {
                var end = text.AsSpan(anchor).IndexOfAny('\r', '\n');
                var line = end < 0 ? text[anchor..] : text.Substring(anchor, end);
                throw new HarvestException(
                    $"Harvesting into '{path}' would not keep '{line}' as a block of its own, so nothing was planned. Check the end of '{path}' for unbalanced Markdown (an open code fence or HTML block), fix it, and harvest again.",
                    path);
            }
        }
    }

    /// <summary>
    /// The line ending new text in <paramref name="text"/> should use: <c>\r\n</c> when most of its line
    /// breaks are CRLF, <c>\n</c> when most are not, <paramref name="fallback"/> when it has none.
    /// </summary>
    public static string LineEndingOf(string? text, string fallback) =>
        string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny('\r', '\n') < 0 ? fallback : DocumentParser.LineEndingOf(text);

    /// <summary>True when <paramref name="text"/> ends with a line break.</summary>
    public static bool EndsWithLineBreak(string text) => text.Length > 0 && text[^1] is '\n' or '\r';

    /// <summary>The offset of the start of the line that holds <paramref name="block"/>'s first character.</summary>
    public int StartOf(Block block) => LineStart(LineOf(block.Span.Start + _bomLength));

    /// <summary>The offset where zero-based <paramref name="line"/> starts; the text's end past the last line.</summary>
    public int LineStart(int line) => line < _lineStarts.Count ? _lineStarts[Math.Max(0, line)] : Text.Length;

    /// <summary>The zero-based line holding <paramref name="offset"/>.</summary>
    public int LineOf(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        return index >= 0 ? index : Math.Max(0, ~index - 1);
    }

    // The line that ends an open leaf block which only an explicit end marker closes, or null.
    private static string? ClosingLine(Block block) => block switch
    {
        FencedCodeBlock fence when fence.ClosingFencedCharCount == 0 => new string(fence.FencedChar, Math.Max(3, fence.OpeningFencedCharCount)),
        HtmlBlock html => HtmlClosingLine(html),
        _ => null,
    };

    // HTML blocks of CommonMark types 1–5 run until a line holds their end marker, blank lines included.
    private static string? HtmlClosingLine(HtmlBlock html)
    {
        var source = new StringBuilder();
        for (var i = 0; i < html.Lines.Count; i++)
        {
            source.Append(html.Lines.Lines[i].Slice.ToString()).Append('\n');
        }

        var text = source.ToString();
        switch (html.Type)
        {
            case HtmlBlockType.ScriptPreOrStyle:
                foreach (var tag in new[] { "script", "pre", "style", "textarea" })
                {
                    if (text.Contains("</" + tag + ">", StringComparison.OrdinalIgnoreCase))
                    {
                        return null;
                    }
                }

                var open = text.TrimStart();
                var name = new[] { "script", "pre", "style", "textarea" }
                    .FirstOrDefault(t => open.Length > t.Length && open.AsSpan(1).StartsWith(t, StringComparison.OrdinalIgnoreCase)) ?? "pre";
                return "</" + name + ">";
            case HtmlBlockType.Comment:
                return Closes(text, "<!--", "-->") ? null : "-->";
            case HtmlBlockType.ProcessingInstruction:
                return Closes(text, "<?", "?>") ? null : "?>";
            case HtmlBlockType.DocumentType:
                return Closes(text, "<!", ">") ? null : ">";
            case HtmlBlockType.CData:
                return Closes(text, "<![CDATA[", "]]>") ? null : "]]>";
            default:
                return null;
        }
    }

    private static bool Closes(string text, string opener, string marker)
    {
        var start = text.IndexOf(opener, StringComparison.Ordinal);
        var from = start < 0 ? 0 : start + Math.Min(opener.Length, 2);
        return text.IndexOf(marker, from, StringComparison.Ordinal) >= 0;
    }

    // True when the text is empty or its last line, before a final line break, is blank.
    private static bool EndsWithBlankLine(string text)
    {
        if (!EndsWithLineBreak(text))
        {
            return text.Length == 0;
        }

        var end = text.EndsWith("\r\n", StringComparison.Ordinal) ? text.Length - 2 : text.Length - 1;
        var lineStart = text.AsSpan(0, end).LastIndexOfAny('\r', '\n') + 1;
        return text.AsSpan(lineStart, end - lineStart).TrimStart('\uFEFF').IsWhiteSpace();
    }

    private static MarkdownPipeline CreatePipeline()
    {
        // As DocumentParser: front matter must not read as a thematic break and a setext heading, and only
        // block structure matters here.
        var builder = new MarkdownPipelineBuilder().UseYamlFrontMatter();
        builder.InlineParsers.Clear();
        return builder.Build();
    }
}
