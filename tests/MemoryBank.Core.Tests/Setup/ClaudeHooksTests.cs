using System.Text.Json.Nodes;
using MemoryBank.Core;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Tests.Setup;

public sealed class ClaudeHooksTests
{
    private static readonly IReadOnlyList<HookSpec> s_specs = ClaudeHooks.Specs("'/opt/mb/memory-bank'");

    [Fact]
    public void Merge_NoSettings_WritesTheThreeHooks()
    {
        var merged = ClaudeHooks.Merge(null, s_specs, "settings.json")!;

        var hooks = JsonNode.Parse(merged)!["hooks"]!;
        Assert.Equal("'/opt/mb/memory-bank' start --hook", (string?)hooks["SessionStart"]![0]!["hooks"]![0]!["command"]);
        Assert.Equal("startup|resume|clear|compact", (string?)hooks["SessionStart"]![0]!["matcher"]);
        Assert.True((bool?)hooks["Stop"]![0]!["hooks"]![0]!["async"]);
        Assert.Equal("'/opt/mb/memory-bank' save --local --hook", (string?)hooks["SessionEnd"]![0]!["hooks"]![0]!["command"]);
    }

    [Fact]
    public void Merge_ExistingSettingsAndHooks_KeepsThemAll()
    {
        const string existing = """
            { "model": "opus", "permissions": { "allow": ["Bash(ls:*)"] },
              "hooks": { "Stop": [ { "hooks": [ { "type": "command", "command": "echo done" } ] } ] } }
            """;

        var root = JsonNode.Parse(ClaudeHooks.Merge(existing, s_specs, "settings.json")!)!;

        Assert.Equal("opus", (string?)root["model"]);
        Assert.Equal("Bash(ls:*)", (string?)root["permissions"]!["allow"]![0]);
        var stop = root["hooks"]!["Stop"]!.AsArray();
        Assert.Equal(2, stop.Count);
        Assert.Equal("echo done", (string?)stop[0]!["hooks"]![0]!["command"]);
    }

    [Fact]
    public void Merge_SecondRun_ReturnsNull()
    {
        var first = ClaudeHooks.Merge(null, s_specs, "settings.json");

        Assert.Null(ClaudeHooks.Merge(first, s_specs, "settings.json"));
    }

    [Fact]
    public void Merge_CliMoved_UpdatesItsOwnEntriesInPlace()
    {
        var first = ClaudeHooks.Merge(null, ClaudeHooks.Specs("'/old/memory-bank'"), "settings.json");

        var root = JsonNode.Parse(ClaudeHooks.Merge(first, s_specs, "settings.json")!)!;

        foreach (var hookEvent in new[] { "SessionStart", "Stop", "SessionEnd" })
        {
            var groups = root["hooks"]![hookEvent]!.AsArray();
            Assert.Single(groups);
            Assert.StartsWith("'/opt/mb/memory-bank' ", (string?)groups[0]!["hooks"]![0]!["command"]);
        }
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{ not json")]
    public void Merge_InvalidSettings_ThrowsNamingTheFile(string text)
    {
        var ex = Assert.Throws<MemoryBankException>(() => ClaudeHooks.Merge(text, s_specs, "/repo/.claude/settings.json"));

        Assert.Equal("ClaudeSettingsInvalid", ex.ErrorId);
        Assert.Contains("/repo/.claude/settings.json", ex.Message);
    }

    [Fact]
    public void CliCommand_InsideRepository_UsesClaudeProjectDir()
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");

        var command = ClaudeHooks.CliCommand(root, Path.Combine(root, "tools", "memory-bank"));

        Assert.Equal("\"$CLAUDE_PROJECT_DIR\"/'tools/memory-bank'", command);
    }

    [Fact]
    public void CliCommand_OutsideRepository_QuotesTheAbsolutePath()
    {
        var command = ClaudeHooks.CliCommand("/work/repo", "/opt/it's/memory-bank");

        Assert.Equal("'/opt/it'\\''s/memory-bank'", command);
    }
}
