using System.Text.RegularExpressions;

namespace MemoryBank.Core.Secrets;

/// <summary>
/// Finds likely secrets in text about to be published: high-confidence patterns only, so that a save is
/// stopped for a real credential and not for a commit hash, a UUID or a digest. Pure: no I/O, no state.
/// </summary>
/// <remarks>
/// Lines are scanned one by one (a private key's body is looked for on the lines after its header). When a
/// value matches a specific rule (a GitHub token assigned to <c>token=</c>, say), only that rule reports it,
/// even when that rule is allowed. docs/secret-guard.md describes every rule and what it leaves alone.
/// </remarks>
public static partial class SecretScanner
{
    /// <summary>Scans <paramref name="text"/> and returns the findings of rules not in <paramref name="allowedRules"/>.</summary>
    /// <param name="path">The file's name, copied into each finding.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="allowedRules">Rule names (<see cref="SecretRule"/>) to skip, compared case-insensitively; unknown names are ignored.</param>
    /// <returns>The findings in line order, and in column order within a line.</returns>
    public static IReadOnlyList<SecretFinding> Scan(string path, string text, IReadOnlyCollection<string> allowedRules)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(allowedRules);

        var allowed = new HashSet<string>(allowedRules, StringComparer.OrdinalIgnoreCase);
        if (allowed.IsSupersetOf(SecretRule.All))
        {
            return [];
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        var findings = new List<SecretFinding>();
        var candidates = new List<Candidate>();
        for (var i = 0; i < lines.Length; i++)
        {
            candidates.Clear();
            FindCandidates(lines, i, candidates);
            foreach (var candidate in candidates.OrderBy(c => c.Start))
            {
                if (!allowed.Contains(candidate.Rule))
                {
                    findings.Add(new SecretFinding(path, i + 1, candidate.Rule, Redact(candidate.Value)));
                }
            }
        }

        return findings;
    }

    /// <summary>Scans every file and throws when any rule not allowed matches; the error lists every finding.</summary>
    /// <param name="files">The files about to be published: a name for messages and the text.</param>
    /// <param name="allowedRules">Rule names to skip (the config's permanent list plus this run's overrides).</param>
    /// <exception cref="SecretDetectedException">At least one likely secret was found.</exception>
    public static void Guard(IEnumerable<(string Path, string Text)> files, IReadOnlyCollection<string> allowedRules)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(allowedRules);

        var findings = new List<SecretFinding>();
        foreach (var (path, text) in files)
        {
            findings.AddRange(Scan(path, text, allowedRules));
        }

        if (findings.Count > 0)
        {
            throw new SecretDetectedException(findings);
        }
    }

    /// <summary>The first four characters and an ellipsis: enough to tell two findings apart, too little to use.</summary>
    internal static string Redact(string value) => value[..Math.Min(4, value.Length)] + "…";

    private static void FindCandidates(string[] lines, int index, List<Candidate> candidates)
    {
        var line = lines[index];
        foreach (Match match in PrivateKeyHeader().Matches(line))
        {
            if (PrivateKeyBody.Follows(lines, index, match.Index + match.Length))
            {
                candidates.Add(new Candidate(SecretRule.PrivateKey, match.Index, match.Length, match.Value));
            }
        }

        AddMatches(AwsAccessKeyIdPattern(), line, SecretRule.AwsAccessKeyId, candidates, value => !value.EndsWith("EXAMPLE", StringComparison.Ordinal) && !SecretValue.IsFiller(value[4..]));
        AddMatches(GitHubTokenPattern(), line, SecretRule.GitHubToken, candidates, value => !SecretValue.IsFiller(value[(value.IndexOf('_') + 1)..]));
        AddMatches(GitHubFineGrainedTokenPattern(), line, SecretRule.GitHubToken, candidates, value => !SecretValue.IsFiller(value["github_pat_".Length..]));
        AddMatches(GitLabTokenPattern(), line, SecretRule.GitLabToken, candidates, value => !SecretValue.IsFiller(value["glpat-".Length..]));
        AddMatches(SlackTokenPattern(), line, SecretRule.SlackToken, candidates, value => value.AsSpan(5).IndexOfAnyInRange('0', '9') >= 0 && !SecretValue.IsFiller(value[5..]));
        AddMatches(SlackWebhookPattern(), line, SecretRule.SlackToken, candidates, value => !SecretValue.IsFiller(value[(value.LastIndexOf('/') + 1)..]));
        AddMatches(JwtPattern(), line, SecretRule.Jwt, candidates, SecretValue.HasJwtHeader);

        foreach (Match match in GenericAssignmentPattern().Matches(line))
        {
            var value = match.Groups["value"];
            var overlapsSpecific = candidates.Any(c => c.Start < value.Index + value.Length && value.Index < c.Start + c.Length);
            if (!overlapsSpecific && SecretValue.LooksLikeSecret(value.Value))
            {
                candidates.Add(new Candidate(SecretRule.GenericAssignment, value.Index, value.Length, value.Value));
            }
        }
    }

    private static void AddMatches(Regex pattern, string line, string rule, List<Candidate> candidates, Func<string, bool> accept)
    {
        foreach (Match match in pattern.Matches(line))
        {
            if (accept(match.Value))
            {
                candidates.Add(new Candidate(rule, match.Index, match.Length, match.Value));
            }
        }
    }

    // The header line alone is often quoted in prose and docs; PrivateKeyBody decides whether a key follows.
    [GeneratedRegex(@"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyHeader();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyIdPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}(?![A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubTokenPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubFineGrainedTokenPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabTokenPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])xox[abposr]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackTokenPattern();

    [GeneratedRegex(@"https://hooks\.slack\.com/services/T[A-Za-z0-9]{6,}/B[A-Za-z0-9]{6,}/[A-Za-z0-9]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackWebhookPattern();

    // Three base64url segments; the header check (it must decode to JSON with "alg") is what makes it a JWT.
    [GeneratedRegex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex JwtPattern();

    // key = value, key: value, "key": "value", key := value, key => value, **Key**: value. The key's length is
    // bounded so a long run of word characters cannot make the match backtrack for long.
    [GeneratedRegex(
        @"(?<key>[A-Za-z0-9_.\-]{0,40}(?:password|passwd|secret|token|api[_\-]?key)[A-Za-z0-9_.\-]{0,40})(?:[""'`]|\*\*)?[ \t]*(?::=|=>|=|:)[ \t]*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|`(?<value>[^`]*)`|(?<value>[^\s""'`,;]+))",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex GenericAssignmentPattern();

    /// <summary>A match on one line: its rule, span and the matched secret (never leaves this class unredacted).</summary>
    private readonly record struct Candidate(string Rule, int Start, int Length, string Value);
}
