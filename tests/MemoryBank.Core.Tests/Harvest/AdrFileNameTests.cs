using MemoryBank.Core.Harvest;

namespace MemoryBank.Core.Tests.Harvest;

public class AdrFileNameTests
{
    [Theory]
    [InlineData("ADR-003-x.md", 3, "x")]
    [InlineData("adr-0003-x.md", 3, "x")]
    [InlineData("0003-x.md", 3, "x")]
    [InlineData("Adr-12-Use-Postgres.MD", 12, "use-postgres")]
    [InlineData("ADR-7.md", 7, "")]
    [InlineData("ADR-0000000000042-x.md", 42, "x")]
    [InlineData("Docs/ADR/ADR-005-y.md", 5, "y")]
    public void Parse_AdrName_ReadsNumberAndSlug(string name, int number, string slug)
    {
        Assert.Equal((number, slug), AdrFileName.Parse(name));
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("template.md")]
    [InlineData("ADR-x.md")]
    [InlineData("ADR-003-x.txt")]
    [InlineData("2026-11-21-lessons.md")]
    [InlineData("2026-11-21.md")]
    [InlineData("99999999999-too-big.md")]
    public void Parse_OtherName_IsNull(string name)
    {
        Assert.Null(AdrFileName.Parse(name));
    }

    [Theory]
    [InlineData(1, "a", "ADR-001-a.md")]
    [InlineData(42, "b", "ADR-042-b.md")]
    [InlineData(999, "c", "ADR-999-c.md")]
    [InlineData(1000, "d", "ADR-1000-d.md")]
    public void Format_Number_PadsToThreeDigits(int number, string slug, string name)
    {
        Assert.Equal(name, AdrFileName.Format(number, slug));
    }
}
