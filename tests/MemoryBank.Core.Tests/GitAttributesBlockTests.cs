using MemoryBank.Core.Config;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Tests;

public sealed class GitAttributesBlockTests
{
    private const string Begin = GitAttributesBlock.BeginMarker;
    private const string End = GitAttributesBlock.EndMarker;

    // A block an older version (or a hand edit) left behind.
    private const string OldBlock = Begin + "\n.claude/memory-bank/*.md merge=union\n" + End;

    private static readonly string s_block = GitAttributesBlock.Build(MemoryBankConfig.CreateDefault());

    private static MemoryBankConfig Config(string bankPath, params FilePolicy[] files) =>
        new(bankPath, "origin", "main", files, TimeSpan.FromSeconds(30), 0.5, 10, Array.Empty<string>(), sourcePath: null);

    /// <summary>Expands the placeholders of the rule table below: old and new blocks with LF or CRLF line ends.</summary>
    private static string Expand(string text) => text
        .Replace("<old-crlf>", OldBlock.Replace("\n", "\r\n"), StringComparison.Ordinal)
        .Replace("<old>", OldBlock, StringComparison.Ordinal)
        .Replace("<new-crlf>", s_block.Replace("\n", "\r\n"), StringComparison.Ordinal)
        .Replace("<new>", s_block, StringComparison.Ordinal)
        .Replace("<begin>", Begin, StringComparison.Ordinal)
        .Replace("<end>", End, StringComparison.Ordinal);

    public static TheoryData<string, string> ExistingAndExpected => new()
    {
        // No file yet, or no block yet: the block is appended after the last line.
        { "", "<new>\n" },
        { "*.png binary\n", "*.png binary\n<new>\n" },
        { "*.png binary", "*.png binary\n<new>\n" },
        { "*.png binary\r\n*.cs text eol=crlf\r\n", "*.png binary\r\n*.cs text eol=crlf\r\n<new-crlf>\r\n" },
        { "*.png binary\r\n*.cs text eol=crlf", "*.png binary\r\n*.cs text eol=crlf\r\n<new-crlf>\r\n" },
        { "\uFEFF# attributes\n*.png binary\n", "\uFEFF# attributes\n*.png binary\n<new>\n" },
        { "*.png binary\n\n\n", "*.png binary\n\n\n<new>\n" },

        // A block already there is replaced where it stands.
        { "before\n<old>\nafter\n", "before\n<new>\nafter\n" },
        { "<old>\n*.png binary\n", "<new>\n*.png binary\n" },
        { "before\n<old>", "before\n<new>" },
        { "before\r\n<old-crlf>\r\nafter", "before\r\n<new-crlf>\r\nafter" },
        { "before\n<new>\nafter\n", "before\n<new>\nafter\n" },

        // A begin marker whose end was deleted is left alone; it must not swallow the lines after it.
        { "a\n<begin>\nmine.md merge=union\n", "a\n<begin>\nmine.md merge=union\n<new>\n" },

        // A stray end marker before the block is left alone too.
        { "<end>\nx\n<old>\ny\n", "<end>\nx\n<new>\ny\n" },
    };

    public static TheoryData<string> Existing
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var row in ExistingAndExpected)
            {
                data.Add((string)row[0]);
            }

            return data;
        }
    }

    [Fact]
    public void Build_DefaultConfig_ListsCatchAllPatternsBeforeTheSpecificFiles()
    {
        // Later lines override earlier ones in .gitattributes, so the specific files must come last.
        const string expected = """
            # >>> memory-bank (managed by `memory-bank init`; edits inside this block are replaced)
            .claude/memory-bank/*.md merge=memorybank-union
            .claude/memory-bank/**/*.md merge=memorybank-union
            .claude/memory-bank/**/*.jsonl merge=memorybank-graph
            .claude/memory-bank/**/*.json merge=memorybank-graph
            .claude/memory-bank/activeContext.md merge=memorybank-theirs
            .claude/memory-bank/patterns-buffer.md merge=memorybank-union
            .claude/memory-bank/lessons-buffer.md merge=memorybank-union
            .claude/memory-bank/decisions-inbox.md merge=memorybank-union
            .claude/memory-bank/SESSION_LOG.md merge=memorybank-union
            # <<< memory-bank
            """;

        Assert.Equal(expected.ReplaceLineEndings("\n"), s_block);
    }

    [Fact]
    public void Build_ConfiguredPolicies_FollowTheCatchAllsWithTheirOwnStrategies()
    {
        var config = Config(
            "notes",
            new FilePolicy("activeContext.md", MergeStrategyKind.Union, SyncTier.Session),
            new FilePolicy("graph/memory.jsonl", MergeStrategyKind.Ours, SyncTier.Daily));

        var lines = GitAttributesBlock.Build(config).Split('\n');

        Assert.Equal(
            [
                Begin,
                "notes/*.md merge=memorybank-union",
                "notes/**/*.md merge=memorybank-union",
                "notes/**/*.jsonl merge=memorybank-graph",
                "notes/**/*.json merge=memorybank-graph",
                "notes/activeContext.md merge=memorybank-union",
                "notes/graph/memory.jsonl merge=memorybank-ours",
                End,
            ],
            lines);
    }

    [Fact]
    public void Build_BankPathWithSpaces_QuotesEveryPattern()
    {
        var config = Config("team notes/bank", new FilePolicy("activeContext.md", MergeStrategyKind.Theirs, SyncTier.Session));

        var lines = GitAttributesBlock.Build(config).Split('\n');

        Assert.Equal(
            [
                Begin,
                "\"team notes/bank/*.md\" merge=memorybank-union",
                "\"team notes/bank/**/*.md\" merge=memorybank-union",
                "\"team notes/bank/**/*.jsonl\" merge=memorybank-graph",
                "\"team notes/bank/**/*.json\" merge=memorybank-graph",
                "\"team notes/bank/activeContext.md\" merge=memorybank-theirs",
                End,
            ],
            lines);
    }

    [Fact]
    public void Build_FileNameWithSpaceOrQuote_QuotesAndEscapesOnlyThatLine()
    {
        var config = Config(
            "bank",
            new FilePolicy("team notes.md", MergeStrategyKind.Ours, SyncTier.Daily),
            new FilePolicy("say \"hi\" now.md", MergeStrategyKind.Theirs, SyncTier.Daily));

        var lines = GitAttributesBlock.Build(config).Split('\n');

        Assert.Equal("bank/*.md merge=memorybank-union", lines[1]);
        Assert.Equal("\"bank/team notes.md\" merge=memorybank-ours", lines[5]);
        Assert.Equal("\"bank/say \\\"hi\\\" now.md\" merge=memorybank-theirs", lines[6]);
    }

    [Theory]
    [InlineData(MergeStrategyKind.Union, "memorybank-union")]
    [InlineData(MergeStrategyKind.Theirs, "memorybank-theirs")]
    [InlineData(MergeStrategyKind.Graph, "memorybank-graph")]
    [InlineData(MergeStrategyKind.Ours, "memorybank-ours")]
    public void DriverName_Strategy_IsLowerCaseWithPrefix(MergeStrategyKind strategy, string expected)
    {
        Assert.Equal(expected, GitAttributesBlock.DriverName(strategy));
    }

    [Theory]
    [MemberData(nameof(ExistingAndExpected))]
    public void Apply_ExistingText_ReplacesOnlyTheBlockAndKeepsEveryOtherByte(string existing, string expected)
    {
        var result = GitAttributesBlock.Apply(Expand(existing), s_block);

        Assert.Equal(Expand(expected), result);
    }

    [Theory]
    [MemberData(nameof(Existing))]
    public void Apply_AppliedTwice_ChangesNothingTheSecondTime(string existing)
    {
        var once = GitAttributesBlock.Apply(Expand(existing), s_block);

        Assert.Equal(once, GitAttributesBlock.Apply(once, s_block));
    }

    [Theory]
    [MemberData(nameof(Existing))]
    public void Find_AfterApply_ReturnsTheBlockWithLfLineEnds(string existing)
    {
        var applied = GitAttributesBlock.Apply(Expand(existing), s_block);

        Assert.Equal(s_block, GitAttributesBlock.Find(applied));
    }

    [Theory]
    [InlineData("")]
    [InlineData("*.png binary\n")]
    [InlineData("<begin>\n*.md merge=union\n")]
    [InlineData("<end>\n")]
    [InlineData("<end>\n<begin>\n")]
    public void Find_NoCompleteBlock_ReturnsNull(string existing)
    {
        Assert.Null(GitAttributesBlock.Find(Expand(existing)));
    }

    [Theory]
    [InlineData("x\n<old>\ny\n")]
    [InlineData("x\r\n<old-crlf>\r\ny\r\n")]
    [InlineData("<begin>\nleft over\n<old>\n")]
    public void Find_ExistingBlock_ReturnsItWithLfLineEnds(string existing)
    {
        Assert.Equal(OldBlock, GitAttributesBlock.Find(Expand(existing)));
    }
}
