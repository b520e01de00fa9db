using System.Text;
using System.Text.RegularExpressions;
using MemoryBank.Cli.Tests.Infrastructure;
using MemoryBank.Cli.Tests.Sync;

namespace MemoryBank.Cli.Tests.Safety;

/// <summary>
/// Save and harvest refuse to publish content that matches a high-confidence secret pattern: the error names
/// the file, the line and the rule, never the secret, and nothing is published or changed. <c>--allow-secret</c>
/// overrides a rule for one run, <c>"secrets": { "allow": [...] }</c> permanently.
/// </summary>
public sealed class SecretGuardTests
{
    private const string Bank = SyncScenario.BankPath;
    private const string Lessons = "lessons-buffer.md";
    private const string Patterns = "patterns-buffer.md";
    private const string PatternsDoc = "Docs/03-Reference/Patterns.md";

    [Theory]
    [InlineData("private-key")]
    [InlineData("aws-access-key-id")]
    [InlineData("github-token")]
    [InlineData("gitlab-token")]
    [InlineData("slack-token")]
    [InlineData("jwt")]
    [InlineData("generic-assignment")]
    public void Save_SecretInBankFile_RefusesNamingFileLineAndRuleAndPublishesNothing(string rule)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var (text, secret) = Sample(rule);
        var line = AppendSecretEntry(alice, Lessons, text);
        var before = CloneState.Capture(scenario, alice);
        var remoteBefore = scenario.RemoteTip();

        var result = scenario.Run(alice, "save", "-m", "session with a pasted credential");

        CloneState.AssertExit(1, result);
        Assert.Contains($"{Bank}/{Lessons}:{line}: {rule}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing was published", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"--allow-secret {rule}", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(remoteBefore, scenario.RemoteTip());
        Assert.Equal(before, CloneState.Capture(scenario, alice));
    }

    [Fact]
    public void Save_SecretsInTwoFiles_ListsEveryFindingInOneError()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var lessonsLine = AppendSecretEntry(alice, Lessons, $"deploy with {Sample("github-token").Text}");
        var patternsLine = AppendSecretEntry(alice, Patterns, $"bucket reader {Sample("aws-access-key-id").Text}");
        var remoteBefore = scenario.RemoteTip();

        var result = scenario.Run(alice, "save");

        CloneState.AssertExit(1, result);
        Assert.Contains("found 2 likely secrets", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{Bank}/{Lessons}:{lessonsLine}: github-token", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{Bank}/{Patterns}:{patternsLine}: aws-access-key-id", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(remoteBefore, scenario.RemoteTip());
    }

    [Fact]
    public void Save_AllowSecretForTheRule_PublishesThisRunOnly()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var (text, secret) = Sample("github-token");
        AppendSecretEntry(alice, Lessons, text);

        scenario.Run(alice, "save", "--allow-secret", "github-token").AssertSuccess();

        Assert.Contains(secret, scenario.RemoteBank(Lessons), StringComparison.Ordinal);

        // The override was for that run: the next new token is stopped again.
        var (second, _) = Sample("github-token", seed: 2);
        var line = AppendSecretEntry(alice, Lessons, second);
        var remoteBefore = scenario.RemoteTip();
        var again = scenario.Run(alice, "save");
        CloneState.AssertExit(1, again);
        Assert.Contains($"{Bank}/{Lessons}:{line}: github-token", again.StandardError, StringComparison.Ordinal);
        Assert.Equal(remoteBefore, scenario.RemoteTip());
    }

    [Fact]
    public void Start_PublishingALocalSaveThatAllowedASecret_DoesNotAskAgain()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var (text, secret) = Sample("github-token");
        AppendSecretEntry(alice, Lessons, text);
        scenario.Run(alice, "save", "--local", "--allow-secret", "github-token").AssertSuccess();
        Assert.DoesNotContain(secret, scenario.RemoteBank(Lessons), StringComparison.Ordinal);

        // The kept save passed the guard with its override; start publishes it as it was let through.
        scenario.Run(alice, "start").AssertSuccess();

        Assert.Contains(secret, scenario.RemoteBank(Lessons), StringComparison.Ordinal);

        // A new secret added before that start would still be stopped.
        var (second, _) = Sample("github-token", seed: 2);
        var line = AppendSecretEntry(alice, Lessons, second);
        var again = scenario.Run(alice, "save");
        CloneState.AssertExit(1, again);
        Assert.Contains($"{Bank}/{Lessons}:{line}: github-token", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_AllowSecretForAnotherRule_StillRefuses()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var line = AppendSecretEntry(alice, Lessons, Sample("github-token").Text);
        var remoteBefore = scenario.RemoteTip();

        var result = scenario.Run(alice, "save", "--allow-secret", "jwt", "--allow-secret", "aws-access-key-id");

        CloneState.AssertExit(1, result);
        Assert.Contains($"{Bank}/{Lessons}:{line}: github-token", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(remoteBefore, scenario.RemoteTip());
    }

    [Fact]
    public void Save_RuleAllowedInConfig_PublishesOnEveryRun()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        GitSandbox.Write(Path.Combine(alice, ".memorybank.json"), "{\n  \"secrets\": { \"allow\": [\"jwt\"] }\n}\n");
        var (text, secret) = Sample("jwt");
        AppendSecretEntry(alice, Lessons, text);

        scenario.Run(alice, "save").AssertSuccess();
        var (second, secondSecret) = Sample("jwt", seed: 2);
        AppendSecretEntry(alice, Lessons, second);
        scenario.Run(alice, "save").AssertSuccess();

        var published = scenario.RemoteBank(Lessons);
        Assert.Contains(secret, published, StringComparison.Ordinal);
        Assert.Contains(secondSecret, published, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github", "\"github\"")]
    [InlineData("", "\"\"")]
    public void Save_UnknownRuleInConfig_RefusesNamingTheLineAndKey(string rule, string shown)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var config = Path.Combine(alice, ".memorybank.json");
        GitSandbox.Write(config, $"{{\n  \"secrets\": {{\n    \"allow\": [\"{rule}\"]\n  }}\n}}\n");
        SyncScenario.AppendEntry(alice, Lessons, "an ordinary lesson");
        var before = CloneState.Capture(scenario, alice);
        var remoteBefore = scenario.RemoteTip();

        var result = scenario.Run(alice, "save");

        CloneState.AssertExit(1, result);
        Assert.Contains($"{config}:3: 'secrets.allow' holds {shown}, which is not a secret-guard rule; expected one of: private-key, aws-access-key-id,", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing was written", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(remoteBefore, scenario.RemoteTip());
        Assert.Equal(before, CloneState.Capture(scenario, alice));
    }

    [Fact]
    public void Harvest_SecretOnlyInTheHarvestedDoc_RefusesNamingTheDocAndWritesNothing()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var (text, secret) = Sample("gitlab-token");

        // Published once on purpose, so the buffer matches the remote and only the harvested doc is new.
        AppendRaw(alice, Patterns, $"- 2026-11-20 10:01 [alice] Pattern ci-runner registration\n  - register with {text}\n");
        scenario.Run(alice, "save", "--allow-secret", "gitlab-token").AssertSuccess();
        var before = CloneState.Capture(scenario, alice);
        var remoteBefore = scenario.RemoteTip();

        var result = scenario.Run(alice, "harvest", "--force", "--yes");

        CloneState.AssertExit(1, result);
        Assert.True(Regex.IsMatch(result.StandardError, $@"\n  {Regex.Escape(PatternsDoc)}:\d+: gitlab-token\n"), SyncScenario.Describe(result));
        Assert.DoesNotContain($"{Bank}/{Patterns}:", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(remoteBefore, scenario.RemoteTip());
        Assert.Equal(before, CloneState.Capture(scenario, alice));
        Assert.False(File.Exists(Path.Combine(alice, PatternsDoc)));

        scenario.Run(alice, "harvest", "--force", "--yes", "--allow-secret", "gitlab-token").AssertSuccess();
        Assert.Contains(secret, scenario.Git(scenario.RemotePath, "show", "main:" + PatternsDoc), StringComparison.Ordinal);
    }

    /// <summary>Appends an entry whose second line holds <paramref name="secretText"/>; returns the 1-based line it starts on.</summary>
    private static int AppendSecretEntry(string clone, string file, string secretText)
    {
        AppendRaw(clone, file, $"- 2026-11-20 09:00 [alice] Credentials for the staging deploy\n  {secretText}\n");
        var firstLine = secretText.Split('\n')[0];
        var lines = File.ReadAllText(SyncScenario.BankFile(clone, file)).Split('\n');
        return Array.FindLastIndex(lines, l => l.Contains(firstLine, StringComparison.Ordinal)) + 1;
    }

    private static void AppendRaw(string clone, string file, string text)
    {
        var path = SyncScenario.BankFile(clone, file);
        var current = File.ReadAllText(path);
        var separator = current.Length == 0 || current.EndsWith('\n') ? string.Empty : "\n";
        File.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(current + separator + text));
    }

    /// <summary>
    /// A line that trips <paramref name="rule"/> and the secret in it. Fake credentials, assembled at run time
    /// from a seeded generator so that this source holds nothing a secret scanner would flag.
    /// </summary>
    private static (string Text, string Secret) Sample(string rule, int seed = 1)
    {
        const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        string secret;
        switch (rule)
        {
            case "private-key":
                secret = Random(Alphanumeric + "+/", 64, seed);
                return ("-----BEGIN RSA " + "PRIVATE KEY-----\n  " + secret + "\n  -----END RSA " + "PRIVATE KEY-----", secret);
            case "aws-access-key-id":
                secret = "AK" + "IA" + Random(Upper, 16, seed);
                return ($"key id {secret}", secret);
            case "github-token":
                secret = "gh" + "p_" + Random(Alphanumeric, 36, seed);
                return ($"token {secret}", secret);
            case "gitlab-token":
                secret = "gl" + "pat-" + Random(Alphanumeric, 20, seed);
                return ($"runner token {secret}", secret);
            case "slack-token":
                secret = "xo" + "xb-" + Random("0123456789", 12, seed) + "-" + Random(Alphanumeric, 24, seed + 1);
                return ($"bot {secret}", secret);
            case "jwt":
                secret = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Base64Url("{\"sub\":\"1234567890\",\"iat\":1516239022}") + "." + Random(Alphanumeric, 43, seed);
                return ($"session {secret}", secret);
            case "generic-assignment":
                // A digit keeps it from reading as a word.
                secret = Random(Alphanumeric, 23, seed) + "7";
                return ($"db_password = \"{secret}\"", secret);
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Random(string alphabet, int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }
}
