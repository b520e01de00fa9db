using MemoryBank.Core.Harvest;

namespace MemoryBank.Core.Tests.Harvest;

public class AdrSlugTests
{
    [Theory]
    [InlineData("Use PostgreSQL for storage", "use-postgresql-for-storage")]
    [InlineData("  --C# & .NET!!  ", "c-net")]
    [InlineData("v2.0 → v3", "v2-0-v3")]
    [InlineData("Crème brûlée", "creme-brulee")]
    [InlineData("Ærø", "aero")]
    [InlineData("Straße STRAẞE", "strasse-strasse")]
    [InlineData("Æsir Œuvre œil", "aesir-oeuvre-oeil")]
    [InlineData("Øresund ørsted", "oresund-orsted")]
    [InlineData("Łódź", "lodz")]
    [InlineData("Đorđe Ðóra", "dorde-dora")]
    [InlineData("Þórr þing", "thorr-thing")]
    [InlineData("İstanbul ılık", "istanbul-ilik")]
    [InlineData("Ǿ ǽ", "o-ae")]
    [InlineData("Tiếng Việt", "tieng-viet")]
    [InlineData("e\u0301te\u0301 combining", "ete-combining")]
    [InlineData("\u212Bngstr\u00F6m \u212Aelvin", "angstrom-kelvin")]
    [InlineData("日本語 rollout", "rollout")]
    [InlineData("roll日本out", "rollout")]
    [InlineData("🚀 launch 🚀 day", "launch-day")]
    [InlineData("Привет мир", AdrSlug.Fallback)]
    [InlineData("!!!", AdrSlug.Fallback)]
    [InlineData("", AdrSlug.Fallback)]
    public void From_Title_TransliteratesToAsciiSlug(string title, string slug)
    {
        Assert.Equal(slug, AdrSlug.From(title));
    }

    [Theory]
    [InlineData("one two three four five six seven eight nine ten eleven twelve", "one-two-three-four-five-six-seven-eight-nine-ten")]
    [InlineData("aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeee fff", "aaaaaaaaaa-bbbbbbbbbb-cccccccccc-dddddddddd-eeeeee")]
    [InlineData("aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee fff", "aaaaaaaaaa-bbbbbbbbbb-cccccccccc-dddddddddd")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij")]
    public void From_LongTitle_CutsAtAWordBoundaryWithinTheLimit(string title, string slug)
    {
        Assert.Equal(slug, AdrSlug.From(title));
        Assert.True(slug.Length <= AdrSlug.MaxLength);
    }

    [Theory]
    [InlineData("use-postgres", "", "use-postgres")]
    [InlineData("use-postgres", "use-postgres", "use-postgres-2")]
    [InlineData("use-postgres", "USE-POSTGRES", "use-postgres-2")]
    [InlineData("use-postgres", "use-postgres,use-postgres-2,use-postgres-4", "use-postgres-3")]
    [InlineData("use-postgres", "use-postgres-2", "use-postgres")]
    public void Unique_TakenSlugs_AddsTheFirstFreeSuffix(string slug, string taken, string expected)
    {
        var set = new HashSet<string>(taken.Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);

        Assert.Equal(expected, AdrSlug.Unique(slug, set));
    }
}
