using MemoryBank.Core.Harvest;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Tests.Harvest;

public class BufferEntryTests
{
    private static BufferEntry Read(string text) => BufferEntry.Parse(Assert.Single(DocumentParser.Parse(text).Entries));

    [Theory]
    [InlineData("- 2026-11-21 09:16 [dev-engineer] retry flaky network tests once", "2026-11-21 09:16", "2026-11-21", "dev-engineer", "retry flaky network tests once")]
    [InlineData("- 2026-11-21 [qa] date only", "2026-11-21", "2026-11-21", "qa", "date only")]
    [InlineData("- 2026-11-21T09:16:05Z [qa] ISO time", "2026-11-21T09:16:05Z", "2026-11-21", "qa", "ISO time")]
    [InlineData("- 2026-11-21 09:16 no persona", "2026-11-21 09:16", "2026-11-21", null, "no persona")]
    [InlineData("- [lead] persona only", null, null, "lead", "persona only")]
    [InlineData("- [ ] empty persona", null, null, null, "empty persona")]
    [InlineData("- 2026-11-21 09:16 [dev] — dash separator", "2026-11-21 09:16", "2026-11-21", "dev", "dash separator")]
    [InlineData("- 2026-11-21 09:16 [dev]: colon separator", "2026-11-21 09:16", "2026-11-21", "dev", "colon separator")]
    [InlineData("- 2026-13-45 [dev] not a date", null, null, null, "2026-13-45 [dev] not a date")]
    [InlineData("- deadline 2026-12-01 [x] is text", null, null, null, "deadline 2026-12-01 [x] is text")]
    [InlineData("* 2026-11-21 09:16 [dev] star bullet", "2026-11-21 09:16", "2026-11-21", "dev", "star bullet")]
    [InlineData("1. 2026-11-21 09:16 [dev] ordered", "2026-11-21 09:16", "2026-11-21", "dev", "ordered")]
    [InlineData("- 2026-11-21 09:16 [dev]", "2026-11-21 09:16", "2026-11-21", "dev", "")]
    [InlineData("## 2026-11-21 09:16 [dev] a section entry ##", "2026-11-21 09:16", "2026-11-21", "dev", "a section entry")]
    public void Parse_FirstLine_SplitsPrefixAndTitle(string line, string? stamp, string? date, string? persona, string title)
    {
        var entry = Read("# Buffer\n\n" + line + "\n");

        Assert.Equal(stamp, entry.Stamp);
        Assert.Equal(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), entry.Date);
        Assert.Equal(persona, entry.Persona);
        Assert.Equal(title, entry.Title);
    }

    [Fact]
    public void Parse_NestedLines_LoseTheItemIndentation()
    {
        var entry = Read("- 2026-11-21 [a] title\n\n  para\n    indented more\n\t- tab-indented item\n  ```\n  code\n  ```\n\n");

        Assert.Equal(["para", "  indented more", "  - tab-indented item", "```", "code", "```"], entry.Body);
        Assert.Equal(["- 2026-11-21 [a] title", string.Empty, "  para", "    indented more", "\t- tab-indented item", "  ```", "  code", "  ```"], entry.ListItemLines);
    }

    [Fact]
    public void Parse_WideMarker_UsesItsContentColumn()
    {
        var entry = Read("10. 2026-11-21 [a] title\n    nested\n");

        Assert.Equal(["nested"], entry.Body);
        Assert.False(entry.IsBulletItem);
    }

    [Fact]
    public void Parse_SectionEntry_BecomesAListItem()
    {
        var entry = Read("# Buffer\n\n## 2026-11-21 [a] title\n\nbody line\n\n- a list\n");

        Assert.Equal(["body line", string.Empty, "- a list"], entry.Body);
        Assert.Equal(["- 2026-11-21 [a] title", "  body line", string.Empty, "  - a list"], entry.ListItemLines);
        Assert.True(entry.IsBulletItem);
    }

    [Theory]
    [InlineData("    code", 2, "  code")]
    [InlineData(" x", 2, "x")]
    [InlineData("\tx", 2, "  x")]
    [InlineData("\tx", 4, "x")]
    [InlineData("  \tx", 2, "\tx")]
    [InlineData("x", 2, "x")]
    public void Dedent_Line_RemovesUpToTheColumns(string line, int columns, string expected)
    {
        Assert.Equal(expected, BufferEntry.Dedent(line, columns));
    }
}
