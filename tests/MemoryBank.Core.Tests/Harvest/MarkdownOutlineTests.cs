using MemoryBank.Core.Harvest;

namespace MemoryBank.Core.Tests.Harvest;

public class MarkdownOutlineTests
{
    [Theory]
    [InlineData("", false, "")]
    [InlineData("\uFEFF", false, "")]
    [InlineData("para", false, "\n\n")]
    [InlineData("para\n", false, "\n")]
    [InlineData("para\n\n", false, "")]
    [InlineData("para\n  \n", false, "")]
    [InlineData("- a\n", true, "")]
    [InlineData("- a", true, "\n")]
    [InlineData("- a\n", false, "\n")]
    [InlineData("para\n", true, "\n")]
    [InlineData("```\ncode\n", false, "```\n\n")]
    [InlineData("```\ncode\n", true, "```\n\n")]
    [InlineData("````\ncode", false, "\n````\n\n")]
    [InlineData("~~~\ncode\n\n", false, "~~~\n\n")]
    [InlineData("```\ncode\n```\n", false, "\n")]
    [InlineData("- a\n  ```\n  code\n", true, "")]
    [InlineData("<!-- note\n", false, "-->\n\n")]
    [InlineData("<!-- note -->\n", false, "\n")]
    [InlineData("<script>\nx\n", false, "</script>\n\n")]
    [InlineData("<?php\nx\n", false, "?>\n\n")]
    [InlineData("<![CDATA[\nx\n", false, "]]>\n\n")]
    [InlineData("<div>\nx\n", false, "\n")]
    public void Separator_TextEnd_StartsANewBlock(string text, bool continueList, string expected)
    {
        Assert.Equal(expected, MarkdownOutline.Separator(text, 0, continueList, "\n"));
    }

    [Fact]
    public void Separator_Crlf_UsesTheGivenLineEnding()
    {
        Assert.Equal("\r\n```\r\n\r\n", MarkdownOutline.Separator("```\r\ncode", 0, false, "\r\n"));
    }

    [Fact]
    public void VerifyBlockStarts_AnchorSwallowedByAFence_Throws()
    {
        var text = "```\ncode\n## Not a heading\n";

        var error = Assert.Throws<HarvestException>(() => MarkdownOutline.VerifyBlockStarts(text, [9], "Docs/P.md"));

        Assert.Equal(HarvestException.TargetUnsafe, error.ErrorId);
        Assert.Equal("Docs/P.md", error.Target);
        Assert.Contains("'## Not a heading'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\r\nb\r\nc\n", "x", "\r\n")]
    [InlineData("a\nb\r\n", "x", "\n")]
    [InlineData("single line", "\r\n", "\r\n")]
    [InlineData(null, "\r\n", "\r\n")]
    public void LineEndingOf_Text_PicksTheDominantEnding(string? text, string fallback, string expected)
    {
        Assert.Equal(expected, MarkdownOutline.LineEndingOf(text, fallback));
    }
}
