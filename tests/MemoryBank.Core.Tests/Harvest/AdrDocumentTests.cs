using Markdig.Syntax;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Tests.Harvest;

public class AdrDocumentTests
{
    private static BufferEntry Read(string text) => BufferEntry.Parse(Assert.Single(DocumentParser.Parse(text).Entries));

    private static string Join(IReadOnlyList<string> lines) => string.Join('|', lines);

    [Theory]
    [InlineData("- T\n  Context: c\n  Decision: d\n  Consequences: q", "c", "d", "q")]
    [InlineData("- T\n  context: c\n  DECISION: d\n  consequence: q", "c", "d", "q")]
    [InlineData("- T\n  **Context:** c\n  **Decision**: d", "c", "d", "")]
    [InlineData("- T\n  - Context: c\n    more c\n  - Decision: d", "c|more c", "d", "")]
    [InlineData("- T\n  Context:\n  c1\n\n  c2\n  Decision: d", "c1||c2", "d", "")]
    [InlineData("- T\n  unlabelled\n  Context: c", "c", "unlabelled", "")]
    [InlineData("- T\n  d1\n  Decision: d2\n  Decision: d3", "", "d1||d2||d3", "")]
    [InlineData("- T\n  Context: c", "c", "T", "")]
    [InlineData("- T", "", "T", "")]
    [InlineData("- T\n  Decision:", "", "T", "")]
    [InlineData("- T\n  ```\n  Context: code\n  ```", "", "```|Context: code|```", "")]
    [InlineData("- T\n  <!--\n  Context: hidden\n  -->", "", "<!--|Context: hidden|-->", "")]
    [InlineData("- T\n  Contextual: not a label", "", "Contextual: not a label", "")]
    [InlineData("- T\n      Context: indented code", "", "    Context: indented code", "")]
    public void Split_NestedLines_GoToTheLabelledSections(string text, string context, string decision, string consequences)
    {
        var (c, d, q) = AdrDocument.Split(Read(text));

        Assert.Equal(context, Join(c));
        Assert.Equal(decision, Join(d));
        Assert.Equal(consequences, Join(q));
    }

    [Fact]
    public void Compose_Decision_WritesTheNygardTemplate()
    {
        var entry = Read("- 2026-11-18 11:00 [architect] Use union merge\n  Context: clones diverge.\n  Decision: union it, **verbatim** — no rewording.\n");

        var text = AdrDocument.Compose(12, entry, new DateOnly(2026, 11, 18), "\n", "ADR/ADR-012-use-union-merge.md");

        Assert.Equal(
            "# ADR-012: Use union merge\n\nStatus: Proposed\n\nDate: 2026-11-18\n\nDeciders: architect\n\n## Context\n\nclones diverge.\n\n"
            + "## Decision\n\nunion it, **verbatim** — no rewording.\n\n## Consequences\n\n_Not recorded in the decisions inbox._\n",
            text);
    }

    [Fact]
    public void Compose_SectionEndingInsideAFence_ClosesItBeforeTheNextHeading()
    {
        var entry = Read("- [a] T\n  Context: see\n  ```\n  unclosed\n  Decision: inside the fence\n");

        var text = AdrDocument.Compose(1, entry, new DateOnly(2026, 11, 21), "\n", "x.md");

        var headings = MarkdownOutline.Parse(text).Document.OfType<HeadingBlock>().Select(h => h.Level).ToList();
        Assert.Equal([1, 2, 2, 2], headings);
        Assert.Contains("## Context\n\nsee\n```\nunclosed\nDecision: inside the fence\n```\n\n## Decision\n\nT\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_TitleEndingInHashes_EscapesThem()
    {
        var entry = Read("- [a] Prefer C# over F# #\n");

        var text = AdrDocument.Compose(1, entry, new DateOnly(2026, 11, 21), "\r\n", "x.md");

        Assert.StartsWith("# ADR-001: Prefer C# over F# \\#\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_UntitledDecision_UsesPlaceholders()
    {
        var text = AdrDocument.Compose(1, Read("- 2026-11-21 [a]\n"), new DateOnly(2026, 11, 21), "\n", "x.md");

        Assert.StartsWith("# ADR-001: Untitled decision\n", text, StringComparison.Ordinal);
        Assert.Contains("## Decision\n\n_Not recorded in the decisions inbox._\n", text, StringComparison.Ordinal);
    }
}
