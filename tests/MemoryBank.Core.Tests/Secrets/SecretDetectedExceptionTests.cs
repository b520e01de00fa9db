using MemoryBank.Core.Secrets;

namespace MemoryBank.Core.Tests.Secrets;

public class SecretDetectedExceptionTests
{
    [Fact]
    public void Guard_Secret_MessageNamesFileLineRuleAndOverridesWithoutTheSecret()
    {
        var token = SecretSamples.GitHubToken;
        var text = "# Active context\n\n- CI uses " + token + "\n";

        var error = Assert.Throws<SecretDetectedException>(() => SecretScanner.Guard([("activeContext.md", text)], []));

        Assert.Equal("SecretDetected", error.ErrorId);
        Assert.Equal(MemoryBankErrorKind.InvalidInput, error.Kind);
        Assert.Equal("activeContext.md", error.Target);
        Assert.Contains("activeContext.md:3: github-token", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was published", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-secret github-token", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"secrets\": { \"allow\": [\"github-token\"] }", error.Message, StringComparison.Ordinal);
        Assert.Contains(".memorybank.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..8], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SeveralRules_ListsEachRuleOnceInTheAllowExample()
    {
        var findings = new[]
        {
            new SecretFinding("a.md", 1, SecretRule.Jwt, "eyJh…"),
            new SecretFinding("a.md", 4, SecretRule.Jwt, "eyJh…"),
            new SecretFinding("b.md", 2, SecretRule.SlackToken, "xoxb…"),
        };

        var error = new SecretDetectedException(findings);

        Assert.Contains("3 likely secrets", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"allow\": [\"jwt\", \"slack-token\"]", error.Message, StringComparison.Ordinal);
        Assert.Equal(findings, error.Findings);
    }

    [Fact]
    public void Constructor_NoFindings_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SecretDetectedException([]));
    }
}
