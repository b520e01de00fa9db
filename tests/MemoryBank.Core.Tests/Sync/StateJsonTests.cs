using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Tests.Sync;

/// <summary>The hand-written JSON of the state files, checked against System.Text.Json both ways.</summary>
public sealed class StateJsonTests
{
    private static readonly char[] s_alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', '\b', '\u0001', '\u001f', 'é', '同', '\u2028', '+', '<', '&'];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Write_GeneratedValues_SystemTextJsonReadsThemBack(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2000; i++)
        {
            var text = RandomText(random);
            var key = RandomText(random);
            var number = random.NextInt64(-1_000_000_000_000, 1_000_000_000_000);
            var items = Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomText(random)).ToArray();
            var json = StateJson.Write(writer =>
            {
                writer.String("text", text);
                writer.String("none", null);
                writer.Number("number", number);
                writer.Strings("map", [new(key, text)]);
                writer.StringArray("items", items);
            });

            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            Assert.Equal(text, root.GetProperty("text").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("none").ValueKind);
            Assert.Equal(number, root.GetProperty("number").GetInt64());
            Assert.Equal(text, root.GetProperty("map").GetProperty(key).GetString());
            Assert.Equal(items, root.GetProperty("items").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Parse_WhatSystemTextJsonWrites_ReadsTheSameValues(int seed)
    {
        var random = new Random(seed);
        foreach (var encoder in new[] { JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            for (var i = 0; i < 1000; i++)
            {
                var text = RandomText(random);
                var items = Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomText(random)).ToArray();
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = random.Next(2) == 0, Encoder = encoder }))
                {
                    writer.WriteStartObject();
                    writer.WriteString("Text", text);
                    writer.WriteNumber("ProcessId", 4242);
                    writer.WriteStartObject("Bases");
                    writer.WriteString(text, "abc");
                    writer.WriteEndObject();
                    writer.WriteStartArray("Files");
                    foreach (var item in items)
                    {
                        writer.WriteStringValue(item);
                    }

                    writer.WriteEndArray();
                    writer.WriteBoolean("Flag", true);
                    writer.WriteNull("Nothing");
                    writer.WriteEndObject();
                }

                var root = StateJson.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
                Assert.Equal(text, StateJson.String(root, "Text"));
                Assert.Equal(4242, StateJson.Int(root, "ProcessId"));
                Assert.Equal([new KeyValuePair<string, string>(text, "abc")], StateJson.Strings(root, "Bases").ToArray());
                Assert.Equal(items, StateJson.StringArray(root, "Files"));
                Assert.Equal(true, root["Flag"]);
                Assert.Null(root["Nothing"]);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("{")]
    [InlineData("{\"a\": }")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\": \"unterminated}")]
    [InlineData("{\"a\": \"bad \\q escape\"}")]
    [InlineData("{\"a\": tru}")]
    [InlineData("{\"a\": 1} trailing")]
    [InlineData("{\"a\": \"line\nbreak\"}")]
    public void Parse_NotAJsonObject_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => StateJson.Parse(text));
    }

    [Fact]
    public void Parse_DeepNesting_ThrowsFormatExceptionInsteadOfOverflowing()
    {
        var text = "{\"a\": " + new string('[', 10_000) + new string(']', 10_000) + "}";

        Assert.Throws<FormatException>(() => StateJson.Parse(text));
    }

    [Fact]
    public void Readers_MissingOrMistypedMembers_GiveDefaults()
    {
        var root = StateJson.Parse("{\"s\": 1, \"n\": \"x\", \"t\": \"not a time\", \"m\": [1], \"arr\": {\"k\": \"v\"}, \"f\": 1.5}");

        Assert.Null(StateJson.String(root, "s"));
        Assert.Equal(0, StateJson.Int(root, "n"));
        Assert.Equal(0, StateJson.Int(root, "f"));
        Assert.Null(StateJson.Time(root, "t"));
        Assert.Empty(StateJson.Strings(root, "m"));
        Assert.Empty(StateJson.StringArray(root, "arr"));
        Assert.Null(StateJson.String(root, "missing"));
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        for (var length = random.Next(0, 12); length > 0; length--)
        {
            builder.Append(random.Next(10) == 0 ? "😀" : s_alphabet[random.Next(s_alphabet.Length)].ToString());
        }

        return builder.ToString();
    }
}
