using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Tests.Harvest;

/// <summary>
/// Generated buffers and targets. Every case has its own seed, printed with its inputs on failure;
/// <c>new Random(caseSeed)</c> in <see cref="Generator"/> reproduces it.
/// </summary>
public partial class HarvestPlannerPropertyTests
{
    private const int CasesPerSeed = 250;

    private static readonly string[] s_buffers = ["patterns-buffer.md", "lessons-buffer.md", "decisions-inbox.md"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Plan_GeneratedBuffers_MovesEachHarvestedEntryOnceAndKeepsTheRest(int seed)
    {
        for (var i = 0; i < CasesPerSeed; i++)
        {
            var caseSeed = (seed * 100_003) + i;
            var input = new Generator(new Random(caseSeed)).Case();
            Check(caseSeed, input);
        }
    }

    private static void Check(int caseSeed, HarvestTestInput input)
    {
        string Fail(string property, string detail) => Describe(property, detail, caseSeed, input);

        var plan = input.Plan();
        var harvestedTokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in plan.Items)
        {
            var token = Token(item.Entry);
            Assert.True(harvestedTokens.Add(token), Fail("an entry is harvested once", token));

            // Harvested: in exactly one document, the item's target, and in no buffer.
            var holders = plan.DocTexts.Where(d => d.Value.Contains(token, StringComparison.Ordinal)).Select(d => d.Key).ToList();
            Assert.True(holders.Count == 1 && holders[0] == item.TargetFile, Fail("a harvested entry is in exactly its target", $"{token} in [{string.Join(", ", holders)}], target {item.TargetFile}"));
            Assert.True(!plan.BufferTexts[item.SourceFile].Contains(token, StringComparison.Ordinal), Fail("a harvested entry leaves its buffer", token));

            // Every nested line's token travels with it.
            foreach (Match nested in NestedTokenPattern().Matches(item.Entry))
            {
                Assert.True(plan.DocTexts[item.TargetFile].Contains(nested.Value, StringComparison.Ordinal), Fail("nested lines travel with their entry", nested.Value));
            }
        }

        foreach (var name in s_buffers.Where(input.Buffers.ContainsKey))
        {
            var before = DocumentParser.Parse(input.Buffers[name]);
            var after = plan.BufferTexts.TryGetValue(name, out var changed) ? changed : input.Buffers[name];
            var kept = before.Entries.Where(e => !harvestedTokens.Contains(Token(e.Text))).ToList();

            // Kept: exactly once in the buffer, byte for byte, after the unchanged preamble; in no document.
            Assert.True(after == before.Preamble + string.Concat(kept.Select(e => e.Text)), Fail("the buffer is its preamble and kept entries", Escape(after)));
            var afterKeys = DocumentParser.Parse(after).Entries.Select(e => e.Key).ToList();
            foreach (var entry in kept)
            {
                Assert.True(afterKeys.Count(k => k == entry.Key) == 1, Fail("a kept entry stays once", Escape(entry.Text)));
                Assert.True(!plan.DocTexts.Values.Any(d => d.Contains(Token(entry.Text), StringComparison.Ordinal)), Fail("a kept entry is in no document", Token(entry.Text)));
            }
        }

        foreach (var (path, text) in plan.DocTexts)
        {
            var outline = MarkdownOutline.Parse(text);
            var headings = outline.Document.OfType<HeadingBlock>().ToList();
            if (input.Files.TryGetValue(path, out var existing) && !Regex.IsMatch(existing, "^## Harvested", RegexOptions.Multiline))
            {
                Assert.True(text.StartsWith(existing, StringComparison.Ordinal), Fail("existing bytes are kept", path));
            }

            if (path.Contains("/ADR-", StringComparison.Ordinal))
            {
                Assert.False(input.Files.ContainsKey(path), Fail("an ADR is a new file", path));
                Assert.True(headings.Select(h => h.Level).SequenceEqual([1, 2, 2, 2]), Fail("an ADR has its four headings", Escape(text)));
            }
            else
            {
                var items = plan.Items.Count(i => i.TargetFile == path);
                var sections = path.EndsWith("-lessons.md", StringComparison.Ordinal)
                    ? headings.Count(h => h.Level == 2)
                    : outline.Document.OfType<ListBlock>().Sum(l => l.Count(item => harvestedTokens.Contains(Token(FirstLine(text, outline.StartOf(item))))));
                Assert.True(sections >= items, Fail("every entry is a block of its own", $"{path}: {sections} blocks for {items} entries\n{Escape(text)}"));
            }
        }
    }

    private static string FirstLine(string text, int start)
    {
        var end = text.AsSpan(start).IndexOfAny('\r', '\n');
        return end < 0 ? text[start..] : text.Substring(start, end);
    }

    private static string Token(string text) => TokenPattern().Match(text) is { Success: true } match ? match.Value : string.Empty;

    private static string Describe(string property, string detail, int caseSeed, HarvestTestInput input)
    {
        var builder = new StringBuilder();
        builder.Append("Property '").Append(property).Append("' failed for case seed ").Append(caseSeed).Append(": ").Append(detail).Append('\n');
        foreach (var (name, text) in input.Buffers)
        {
            builder.Append("buffer ").Append(name).Append(":\n").Append(Escape(text)).Append('\n');
        }

        foreach (var (path, text) in input.Files)
        {
            builder.Append("file ").Append(path).Append(":\n").Append(Escape(text)).Append('\n');
        }

        return builder.ToString();
    }

    private static string Escape(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n\n", StringComparison.Ordinal);

    [GeneratedRegex("tok[0-9]{4}x(?!-)")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("tok[0-9]{4}x-[0-9]+")]
    private static partial Regex NestedTokenPattern();

    /// <summary>Random buffers, targets, thresholds and confirmations, reproducible from one seed.</summary>
    private sealed class Generator
    {
        private static readonly string[] s_words = ["use", "Postgres", "retry", "once", "Crème", "brûlée", "Ærø", "日本", "C#", "**bold**", "`code`", "v2.0", "—", "Straße"];
        private static readonly string[] s_personas = ["dev", "qa-engineer", "architect", "lead"];
        private static readonly string[] s_targetEnds =
        [
            "# Doc\n\nLast paragraph",
            "# Doc\n\n- one\n- two",
            "# Doc\n\n```csharp\nvar x = 1;\n",
            "# Doc\n\n~~~~\ncode",
            "# Doc\n\n<!-- a note\n",
            "# Doc\n\n| a | b |\n| - | - |\n| 1 | 2 |",
            "# Doc\n\n- item\n  ```\n  code\n",
        ];

        private static readonly string[] s_adrNames = ["ADR-001-a.md", "adr-0004-b.md", "0007-use-postgres.md", "README.md", "ADR-012-retry-once.md", "template.md"];

        private readonly Random _random;
        private int _token;

        public Generator(Random random)
        {
            _random = random;
        }

        public HarvestTestInput Case()
        {
            var crlf = _random.Next(4) == 0;
            var input = new HarvestTestInput { Force = _random.Next(2) == 0 };
            var confirmations = new Random(_random.Next());
            input.Confirm = _random.Next(3) == 0 ? null : _ => confirmations.Next(5) > 0;
            foreach (var name in s_buffers)
            {
                if (_random.Next(8) > 0)
                {
                    input.Buffers[name] = Shape(Buffer(name), crlf && _random.Next(4) > 0);
                }
            }

            switch (_random.Next(4))
            {
                case 0:
                    input.Files["Docs/03-Reference/Patterns.md"] = Shape(HarvestTestInput.Fixture("Patterns-existing.md"), crlf);
                    break;
                case 1:
                    input.Files["Docs/03-Reference/Patterns.md"] = Shape(s_targetEnds[_random.Next(s_targetEnds.Length)], crlf);
                    break;
            }

            if (_random.Next(3) == 0)
            {
                input.Files["Docs/06-PostMortems/2026-11-21-lessons.md"] = Shape(s_targetEnds[_random.Next(s_targetEnds.Length)], crlf);
            }

            foreach (var name in s_adrNames)
            {
                if (_random.Next(2) == 0)
                {
                    input.Files["Docs/03-Reference/ADR/" + name] = "# x\n";
                }
            }

            return input;
        }

        private static string Shape(string text, bool crlf) => crlf ? HarvestTestInput.Crlf(text) : text;

        private string Buffer(string name)
        {
            var builder = new StringBuilder();
            if (_random.Next(6) == 0)
            {
                builder.Append('\uFEFF');
            }

            builder.Append("# ").Append(name).Append("\n\nA preamble line.\n`- yyyy-MM-dd HH:mm [persona] text`\n\n");
            var count = _random.Next(0, 9);
            for (var i = 0; i < count; i++)
            {
                builder.Append(Entry());
                if (_random.Next(5) == 0)
                {
                    builder.Append('\n');
                }
            }

            var text = builder.ToString();
            return _random.Next(5) == 0 ? text.TrimEnd('\n') : text;
        }

        private string Entry()
        {
            var token = "tok" + (++_token).ToString("D4", CultureInfo.InvariantCulture) + "x";
            var line = new StringBuilder("- ");
            if (_random.Next(5) > 0)
            {
                line.Append("2026-11-").Append(_random.Next(10, 29).ToString(CultureInfo.InvariantCulture));
                line.Append(_random.Next(2) == 0 ? " 09:16 " : " ");
            }

            if (_random.Next(5) > 0)
            {
                line.Append('[').Append(s_personas[_random.Next(s_personas.Length)]).Append("] ");
            }

            for (var w = _random.Next(0, 5); w > 0; w--)
            {
                line.Append(s_words[_random.Next(s_words.Length)]).Append(' ');
            }

            line.Append(token).Append('\n');
            var nested = 0;
            string Nested() => token + "-" + (++nested).ToString(CultureInfo.InvariantCulture);
            for (var n = _random.Next(0, 5); n > 0; n--)
            {
                line.Append(_random.Next(8) switch
                {
                    0 => $"  plain {Nested()}\n",
                    1 => $"  ```text\n  code {Nested()}\n  Decision: in code {Nested()}\n  ```\n",
                    2 => $"  - item {Nested()}\n    - deeper {Nested()}\n",
                    3 => $"  | a | b |\n  | - | - |\n  | {Nested()} | 2 |\n",
                    4 => $"  Context: {Nested()}\n",
                    5 => $"  Decision: {Nested()}\n  continued {Nested()}\n",
                    6 => $"  - Consequences: {Nested()}\n",
                    _ => $"\n  after a blank {Nested()}\n",
                });
            }

            return line.ToString();
        }
    }
}
