using System.Text;
using MemoryBank.Core.Markdown;
using Xunit;

namespace MemoryBank.Core.Tests;

public sealed class EntryKeyTests
{
    [Theory]
    [InlineData("## 2026-11-20 dev\n- fixed build\n\n", "## 2026-11-20 dev\n- fixed build")]
    [InlineData("- a  \r\n  - b\t\r\n\r\n", "- a\n  - b")]
    [InlineData("\uFEFF- a\n", "- a")]
    [InlineData("- a\n\n- b\n", "- a\n\n- b")]
    [InlineData("- a\n   \n- b", "- a\n\n- b")]
    [InlineData("- a\r- b\r", "- a\n- b")]
    [InlineData("", "")]
    [InlineData("\n\n", "")]
    [InlineData("- a", "- a")]
    public void Normalises_line_endings_trailing_white_space_and_trailing_blank_lines(string text, string key)
    {
        Assert.Equal(key, EntryKey.Of(text));
    }

    [Fact]
    public void Returns_the_text_itself_when_it_is_already_a_key()
    {
        const string text = "## 2026-11-20 dev\n- fixed build";
        Assert.Same(text, EntryKey.Of(text));
    }

    // The single-pass key against the definition it replaced, on generated texts over the characters
    // that matter: line breaks, white space Unicode counts (NEL, NBSP), BOMs and ordinary text.
    [Fact]
    public void Equals_the_split_trim_join_definition_on_generated_texts()
    {
        const int seed = 20261121;
        var random = new Random(seed);
        var alphabet = new[] { 'a', '-', '#', ' ', '\t', '\r', '\n', '\uFEFF', '\u0085', '\u00A0', '\u2028' };
        for (var i = 0; i < 20_000; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 24);
            for (var k = 0; k < length; k++)
            {
                builder.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var text = builder.ToString();
            var expected = Reference(text);
            var actual = EntryKey.Of(text);
            Assert.True(expected == actual, $"seed {seed}, case {i}: {Escape(text)} gave {Escape(actual)}, expected {Escape(expected)}");
        }
    }

    private static string Reference(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        foreach (var line in lines)
        {
            builder.Append(line.TrimEnd()).Append('\n');
        }

        return builder.ToString().TrimEnd('\n');
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(ch => ch is >= ' ' and < '\u007F' ? ch.ToString() : $"\\u{(int)ch:X4}"));
}
