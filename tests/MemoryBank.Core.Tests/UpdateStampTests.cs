using System.Text;
using System.Text.RegularExpressions;
using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Tests;

public sealed class UpdateStampTests
{
    // The pattern the hand-written reader replaces, kept as its definition.
    private static readonly Regex s_pattern = new(@"^\s*<!--\s*memory-bank:\s*updated=(?<updated>\S+)\s+by=(?<by>\S*)\s*-->", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("<!-- memory-bank: updated=2026-11-21T14:03:11Z by=dev-engineer -->", "2026-11-21T14:03:11Z", "dev-engineer")]
    [InlineData("  <!--memory-bank:updated=2026-11-21T14:03:11Z\tby= -->\r", "2026-11-21T14:03:11Z", "")]
    [InlineData("<!-- memory-bank: updated=x by=dev--> trailing", "x", "dev")]
    [InlineData("<!-- memory-bank: updated=x by=a-->b-->", "x", "a-->b")]
    [InlineData("<!-- memory-bank: updated=x by=a-->b -->", "x", "a-->b")]
    public void TryParseLine_StampLines_ReadTimeAndPersona(string line, string updated, string by)
    {
        Assert.True(UpdateStamp.TryParseLine(line, out var readUpdated, out var readBy));
        Assert.Equal((updated, by), (readUpdated, readBy));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# Active context")]
    [InlineData("<!-- memory-bank: updated= by=x -->")]
    [InlineData("<!-- memory-bank: updated=xby=x -->")]
    [InlineData("<!-- memory-bank: updated=x by=a-b")]
    [InlineData("x <!-- memory-bank: updated=x by=y -->")]
    public void TryParseLine_OtherLines_AreNotStamps(string line)
    {
        Assert.False(UpdateStamp.TryParseLine(line, out _, out _));
    }

    /// <summary>On generated lines built from the stamp's own pieces, the reader agrees with the pattern.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TryParseLine_GeneratedLines_AgreesWithThePattern(int seed)
    {
        var random = new Random(seed);
        var stamps = 0;
        var pieces = new[] { "<!--", "-->", "memory-bank:", "updated=", "by=", " ", "\t", "\u00A0", "\r", "-", ">", "x", "2026-11-21T14:03:11Z", "dev", "=", "!" };
        for (var i = 0; i < 20_000; i++)
        {
            // A stamp's parts in order, each kept, dropped or replaced by a random piece, then random tail pieces.
            var builder = new StringBuilder();
            string[] template = [" ", "<!--", " ", "memory-bank:", " ", "updated=", "2026-11-21T14:03:11Z", " ", "by=", "dev", " ", "-->"];
            foreach (var part in template)
            {
                var roll = random.Next(12);
                builder.Append(roll == 0 ? string.Empty : roll == 1 ? pieces[random.Next(pieces.Length)] : part);
                if (random.Next(10) == 0)
                {
                    builder.Append(pieces[random.Next(pieces.Length)]);
                }
            }

            for (var count = random.Next(0, 3); count > 0; count--)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            var line = builder.ToString();
            var match = s_pattern.Match(line);
            var parsed = UpdateStamp.TryParseLine(line, out var updated, out var by);
            stamps += match.Success ? 1 : 0;
            Assert.True(
                parsed == match.Success && (!parsed || (updated == match.Groups["updated"].Value && by == match.Groups["by"].Value)),
                $"seed {seed}, case {i}: '{line}': pattern {match.Success} ({match.Groups["updated"].Value}, {match.Groups["by"].Value}), reader {parsed} ({updated}, {by})");
        }

        Assert.True(stamps > 500, $"only {stamps} generated lines were stamps");
    }
}
