using MemoryBank.Core.Secrets;

namespace MemoryBank.Core.Tests.Secrets;

public class SecretScannerTests
{
    private static readonly string[] s_noneAllowed = [];

    public static TheoryData<string, string> TruePositives() => new()
    {
        { SecretRule.PrivateKey, SecretSamples.PrivateKeyBlock() },
        { SecretRule.PrivateKey, "```\n" + SecretSamples.PrivateKeyBlock("OPENSSH ") + "\n```" },
        { SecretRule.PrivateKey, SecretSamples.PrivateKeyHeader("PGP ").Replace("KEY-----", "KEY BLOCK-----", StringComparison.Ordinal) + "\nVersion: GnuPG v2\n\n" + SecretSamples.Random("ABCDEFabcdef0123456789+/", 64, 21) },
        { SecretRule.PrivateKey, "\"private_key\": \"" + SecretSamples.PrivateKeyHeader(string.Empty) + "\\n" + SecretSamples.Random("ABCDEFabcdef0123456789+/", 64, 22) + "\\n\"" },
        { SecretRule.AwsAccessKeyId, "aws_access_key_id = " + SecretSamples.AwsAccessKeyId },
        { SecretRule.AwsAccessKeyId, "The CI key is " + SecretSamples.AwsAccessKeyId + "." },
        { SecretRule.GitHubToken, "Use " + SecretSamples.GitHubToken + " for the API." },
        { SecretRule.GitHubToken, "GH_TOKEN=" + SecretSamples.GitHubFineGrainedToken },
        { SecretRule.GitLabToken, "- remote uses " + SecretSamples.GitLabToken },
        { SecretRule.SlackToken, "bot: " + SecretSamples.SlackToken },
        { SecretRule.SlackToken, "Alerts post to " + SecretSamples.SlackWebhook },
        { SecretRule.Jwt, "Authorization: Bearer " + SecretSamples.Jwt },
        { SecretRule.GenericAssignment, "password=" + SecretSamples.GenericValue },
        { SecretRule.GenericAssignment, "\"db_password\": \"" + SecretSamples.GenericValue + "\"" },
        { SecretRule.GenericAssignment, "  api-key: '" + SecretSamples.GenericValue + "'" },
        { SecretRule.GenericAssignment, "export CLIENT_SECRET=" + SecretSamples.GenericValue },
        { SecretRule.GenericAssignment, "**Token**: " + SecretSamples.GenericValue },
    };

    public static TheoryData<string> FalsePositives() => new()
    {
        "Fixed in https://github.com/octo/repo/commit/4b825dc642cb6eb9a060e54bf8d69288fbee4904 last week.",
        "Session 123e4567-e89b-12d3-a456-426614174000 crashed.",
        "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "password=hunter2",
        "password=aaaaaaaaaaaaaaaaaaaa",
        "password = abcabcabcabcabcabc",
        "password=Aaaaaaaaaaaaaaaaaaa1",
        "token=abab1212abab1212abab",
        "password=<your-password>",
        "password: ${DB_PASSWORD}",
        "token: {{ secrets.DEPLOY_TOKEN }}",
        "api_key=xxxxxxxxxxxxxxxxxxxx",
        "secret=changeme-Changeme-2024",
        "password: ********************",
        "API_KEY=$OPENAI_API_KEY_VALUE",
        "token: process.env.GITHUB_TOKEN",
        "api_key_url: https://vault.example.com/v1/team/api-keys",
        "password=correcthorsebatterystaple",
        "secret=AzureKeyVaultSecretProvider",
        "token: refresh_token_value",
        "The password is stored in the vault; ask ops for the token.",
        "Secret: rotate it every 90 days, the token: see 1Password.",
        "![chart](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)",
        SecretSamples.Base64Url("{\"kind\":\"chart\",\"size\":\"large\"}") + "." + SecretSamples.Base64Url("{\"points\":[1,2,3,4,5,6]}") + ".c2lnbmF0dXJlLW5vdC1hLWp3dA",
        "TAKIA" + "IOSFODNN7ABCDEF1",
        "AK" + "IAIOSFODNN7ABCDEF1MORE",
        "The docs use AK" + "IAIOSFODNN7EXAMPLE as a sample.",
        "Keys start with " + SecretSamples.PrivateKeyHeader() + " and must never be committed.",
        "Example: gh" + "p_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "Slack says https://hooks.slack.com/" + "services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
        "Set SLACK_TOKEN to xo" + "xb-your-token-here",
    };

    [Theory]
    [MemberData(nameof(TruePositives))]
    public void Scan_TruePositive_ReportsItsRule(string rule, string text)
    {
        var findings = SecretScanner.Scan("notes.md", text, s_noneAllowed);

        var finding = Assert.Single(findings);
        Assert.Equal(rule, finding.Rule);
        Assert.Equal("notes.md", finding.Path);
    }

    [Fact]
    public void Scan_TruePositives_CoverEveryRule()
    {
        var covered = TruePositives().Select(row => (string)row[0]).Distinct();

        Assert.Equal(SecretRule.All.Order(), covered.Order());
    }

    [Theory]
    [MemberData(nameof(FalsePositives))]
    public void Scan_FalsePositive_ReportsNothing(string text)
    {
        Assert.Empty(SecretScanner.Scan("notes.md", text, s_noneAllowed));
    }

    [Fact]
    public void Scan_FalsePositivesFixture_ReportsNothing()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Secrets", "false-positives.md"));

        Assert.Empty(SecretScanner.Scan("false-positives.md", text, s_noneAllowed));
    }

    [Fact]
    public void Scan_SecretOnLaterLine_ReportsOneBasedLineAndRedactedExcerpt()
    {
        var token = SecretSamples.GitHubToken;
        var text = "# Notes\r\n\r\n- token for CI: " + token + "\r\n";

        var finding = Assert.Single(SecretScanner.Scan("activeContext.md", text, s_noneAllowed));

        Assert.Equal(new SecretFinding("activeContext.md", 3, SecretRule.GitHubToken, token[..4] + "…"), finding);
    }

    [Fact]
    public void Scan_PrivateKey_ReportsTheHeaderLine()
    {
        var text = "intro\n" + SecretSamples.PrivateKeyBlock();

        var finding = Assert.Single(SecretScanner.Scan("k.md", text, s_noneAllowed));

        Assert.Equal(2, finding.Line);
        Assert.Equal("----…", finding.Excerpt);
    }

    [Fact]
    public void Scan_TokenAssignedToSecretKey_IsReportedOnceByTheSpecificRule()
    {
        var findings = SecretScanner.Scan("n.md", "GITHUB_TOKEN=" + SecretSamples.GitHubToken, s_noneAllowed);

        Assert.Equal(SecretRule.GitHubToken, Assert.Single(findings).Rule);
    }

    [Fact]
    public void Scan_SpecificRuleAllowed_GenericRuleDoesNotReportTheSameValue()
    {
        var findings = SecretScanner.Scan("n.md", "GITHUB_TOKEN=" + SecretSamples.GitHubToken, [SecretRule.GitHubToken]);

        Assert.Empty(findings);
    }

    [Fact]
    public void Scan_AllowedRule_IsSkippedCaseInsensitively()
    {
        var text = SecretSamples.Jwt + "\n" + SecretSamples.AwsAccessKeyId;

        var findings = SecretScanner.Scan("n.md", text, ["JWT"]);

        Assert.Equal(SecretRule.AwsAccessKeyId, Assert.Single(findings).Rule);
    }

    [Fact]
    public void Scan_SeveralSecretsOnOneLine_ReportsEachInColumnOrder()
    {
        var text = "keys: " + SecretSamples.SlackToken + " and " + SecretSamples.AwsAccessKeyId;

        var findings = SecretScanner.Scan("n.md", text, s_noneAllowed);

        Assert.Equal([SecretRule.SlackToken, SecretRule.AwsAccessKeyId], findings.Select(f => f.Rule));
        Assert.All(findings, f => Assert.Equal(1, f.Line));
    }

    [Fact]
    public void Scan_Finding_HoldsOnlyARedactedExcerpt()
    {
        var value = SecretSamples.GenericValue;

        var finding = Assert.Single(SecretScanner.Scan("n.md", "secret=" + value, s_noneAllowed));

        Assert.Equal(value[..4] + "…", finding.Excerpt);
        Assert.DoesNotContain(value, finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_NullArgument_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => SecretScanner.Scan("n.md", null!, s_noneAllowed));
    }

    [Fact]
    public void Guard_CleanFiles_DoesNotThrow()
    {
        SecretScanner.Guard([("a.md", "- nothing to see\n"), ("b.md", "password=hunter2\n")], s_noneAllowed);
    }

    [Fact]
    public void Guard_Secrets_ThrowsListingEveryFinding()
    {
        var files = new[]
        {
            ("activeContext.md", "line one\nkey " + SecretSamples.AwsAccessKeyId + "\n"),
            ("decisions-inbox.md", "- clean\n"),
            ("lessons-buffer.md", "- token " + SecretSamples.GitLabToken + "\n"),
        };

        var error = Assert.Throws<SecretDetectedException>(() => SecretScanner.Guard(files, s_noneAllowed));

        Assert.Equal(
            [("activeContext.md", 2, SecretRule.AwsAccessKeyId), ("lessons-buffer.md", 1, SecretRule.GitLabToken)],
            error.Findings.Select(f => (f.Path, f.Line, f.Rule)));
    }

    [Fact]
    public void Guard_AllowedRule_DoesNotThrow()
    {
        SecretScanner.Guard([("a.md", SecretSamples.Jwt)], [SecretRule.Jwt]);
    }
    [Fact]
    public void Scan_WithVettedVersion_SkipsLinesItHoldsAndNumbersNewLinesInTheText()
    {
        var old = "# Lessons\n\n- deploy with " + SecretSamples.GitHubToken + "\n";
        var text = old + "- rotate " + SecretSamples.GitLabToken + "\n";

        var findings = SecretScanner.Scan("lessons.md", text, [old], s_noneAllowed);

        var finding = Assert.Single(findings);
        Assert.Equal((4, SecretRule.GitLabToken), (finding.Line, finding.Rule));
        Assert.Equal(2, SecretScanner.Scan("lessons.md", text, s_noneAllowed).Count);
    }

    [Fact]
    public void Scan_WithVettedVersion_ALineMovedElsewhereIsNotNew()
    {
        var tokenLine = "- deploy with " + SecretSamples.GitHubToken;
        var old = "# Lessons\n\n" + tokenLine + "\n- second\n";
        var text = "# Lessons\n\n- second\n" + tokenLine + "\n";

        Assert.Empty(SecretScanner.Scan("lessons.md", text, [old], s_noneAllowed));
    }

    [Fact]
    public void Scan_WithVettedVersion_KeyBodyUnderAnOldHeaderLineIsFound()
    {
        var header = SecretSamples.PrivateKeyHeader();
        var old = "# Notes\n\n" + header + "\n";
        var text = old + SecretSamples.Random("ABCDEFabcdef0123456789+/", 64, 31) + "\n-----END RSA PRIVATE KEY-----\n";

        var finding = Assert.Single(SecretScanner.Scan("notes.md", text, [old], s_noneAllowed));
        Assert.Equal((3, SecretRule.PrivateKey), (finding.Line, finding.Rule));
    }

    [Fact]
    public void Scan_WithVettedVersions_AnyOfThemVetsALine()
    {
        var remote = "# Log\n\n- one\n";
        var pending = remote + "- token " + SecretSamples.GitHubToken + "\n";
        var text = pending + "- later " + SecretSamples.AwsAccessKeyId + "\n";

        var finding = Assert.Single(SecretScanner.Scan("log.md", text, [remote, pending], s_noneAllowed));
        Assert.Equal(SecretRule.AwsAccessKeyId, finding.Rule);
    }

    [Fact]
    public void Scan_WithVettedVersion_ManyNewLinesAreCheckedAgainstEveryVettedLine()
    {
        var oldToken = "- old " + SecretSamples.GitHubToken;
        var old = "# Log\n\n" + oldToken + "\n";
        var rewritten = string.Concat(Enumerable.Range(0, 100).Select(i => $"- rewritten note {i}\n"));
        var text = "# Log, rewritten\n\n" + rewritten + oldToken + "\n- new " + SecretSamples.AwsAccessKeyId + "\n";

        var finding = Assert.Single(SecretScanner.Scan("log.md", text, [old], s_noneAllowed));
        Assert.Equal((104, SecretRule.AwsAccessKeyId), (finding.Line, finding.Rule));
    }

    /// <summary>
    /// Generated edits of texts holding tokens (appends, inserts, deletions, CRLF, no final newline): the
    /// vetted scan reports exactly the full scan's findings on lines that no vetted version holds (blank lines
    /// never count as new: no rule matches one).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Scan_WithVettedVersion_ReportsTheFullScansFindingsOnNewLines(int seed)
    {
        var random = new Random(seed);
        var pool = new[]
        {
            "- plain note", "- another plain note", string.Empty, "## 2026-11-20 dev",
            "- token " + SecretSamples.GitHubToken, "- key " + SecretSamples.AwsAccessKeyId, "password=" + SecretSamples.GenericValue,
            SecretSamples.PrivateKeyHeader(), SecretSamples.Random("ABCDEFabcdef0123456789+/", 64, 41), "-----END RSA PRIVATE KEY-----",
        };
        for (var i = 0; i < 2000; i++)
        {
            var oldLines = Enumerable.Range(0, random.Next(0, 12)).Select(_ => pool[random.Next(pool.Length)]).ToList();
            var newLines = new List<string>(oldLines);
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                if (newLines.Count > 0 && random.Next(4) == 0)
                {
                    newLines.RemoveAt(random.Next(newLines.Count));
                }
                else
                {
                    newLines.Insert(random.Next(2) == 0 ? newLines.Count : random.Next(newLines.Count + 1), pool[random.Next(pool.Length)]);
                }
            }

            var newline = random.Next(3) == 0 ? "\r\n" : "\n";
            var old = string.Join(newline, oldLines) + (random.Next(4) == 0 ? string.Empty : newline);
            var text = string.Join(newline, newLines) + (random.Next(4) == 0 ? string.Empty : newline);
            var oldSet = old.Split('\n').Select(l => l.TrimEnd('\r')).ToHashSet(StringComparer.Ordinal);
            var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            bool IsNew(int line) => !string.IsNullOrWhiteSpace(lines[line - 1]) && !oldSet.Contains(lines[line - 1]);

            var vetted = SecretScanner.Scan("f.md", text, [old], s_noneAllowed);
            var expected = SecretScanner.Scan("f.md", text, s_noneAllowed)
                .Where(f => IsNew(f.Line) || (f.Rule == SecretRule.PrivateKey && Enumerable.Range(f.Line + 1, 8).Any(l => l <= lines.Length && IsNew(l))))
                .ToList();
            Assert.True(expected.SequenceEqual(vetted), $"seed {seed}, case {i}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", vetted)}]\nold: {old}\nnew: {text}");
        }
    }

    /// <summary>
    /// The literal prefilter never hides a finding: generated lines mixing every sample credential with
    /// secret-like keys in random case, separators, quotes and non-ASCII look-alikes give the same findings
    /// with and without it.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Scan_LiteralPrefilter_NeverChangesTheFindings(int seed)
    {
        var random = new Random(seed);
        var pieces = TruePositives().Cast<object[]>().Select(row => (string)row[1]).Concat(FalsePositives().Cast<object[]>().Select(row => (string)row[0]))
            .Concat(["PASSWORD", "Api_Key", "ApiKey", "tOkEn", "passwd", "Secret", "\u212Aey", "to\u212Aen", "ſecret", "=", ": ", " := ", "\"", "'", "**", "note", SecretSamples.GenericValue, "- "])
            .ToArray();
        var none = Array.Empty<string>();
        for (var i = 0; i < 3000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => pieces[random.Next(pieces.Length)] + (random.Next(4) == 0 ? "\n" : string.Empty)));
            var filtered = SecretScanner.Scan("f.md", text, [], none, prefilter: true);
            var unfiltered = SecretScanner.Scan("f.md", text, [], none, prefilter: false);
            Assert.True(unfiltered.SequenceEqual(filtered), $"seed {seed}, case {i}: unfiltered [{string.Join(", ", unfiltered)}], filtered [{string.Join(", ", filtered)}] in {text}");
        }
    }

    [Theory]
    [InlineData("- 2026-11-21 10:00 [dev] fixed the build", false)]
    [InlineData("## 2026-11-21T10:00:00Z dev", false)]
    [InlineData("- host: box1", false)]
    [InlineData("the API changed", true)]
    [InlineData("rotate the Token", true)]
    [InlineData("caf\u00e9 notes", true)]
    public void MayHoldSecret_PlainNotes_SkipThePatterns(string line, bool expected)
    {
        Assert.Equal(expected, SecretScanner.MayHoldSecret(line));
    }
}
