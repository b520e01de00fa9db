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
    // Text every pattern needs, as written in the patterns below: case-sensitive ones first, then the
    // secret-like key names of the generic assignment (matched ignoring case).
    private static readonly string[] s_literals = ["-----BEGIN ", "AKIA", "ASIA", "ABIA", "ACCA", "gh", "github_pat_", "glpat-", "xox", "hooks.slack.com", "eyJ"];
    private static readonly string[] s_keywords = ["password", "passwd", "secret", "token", "api"];

    /// <summary>Scans <paramref name="text"/> and returns the findings of rules not in <paramref name="allowedRules"/>.</summary>
    /// <param name="path">The file's name, copied into each finding.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="allowedRules">Rule names (<see cref="SecretRule"/>) to skip, compared case-insensitively; unknown names are ignored.</param>
    /// <returns>The findings in line order, and in column order within a line.</returns>
    public static IReadOnlyList<SecretFinding> Scan(string path, string text, IReadOnlyCollection<string> allowedRules) =>
        Scan(path, text, [], allowedRules);

    /// <summary>
    /// Scans only the lines of <paramref name="text"/> that none of <paramref name="vetted"/> holds: text
    /// already published, or already let through by an earlier save. A save appends a few lines to a long
    /// log; only those are new.
    /// </summary>
    /// <param name="path">The file's name, copied into each finding.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="vetted">Earlier versions of the file whose lines need no second look (the remote's, say).</param>
    /// <param name="allowedRules">Rule names (<see cref="SecretRule"/>) to skip, compared case-insensitively; unknown names are ignored.</param>
    /// <returns>The findings in line order, and in column order within a line; line numbers count in <paramref name="text"/>.</returns>
    /// <remarks>
    /// A private key header counts as new when a line of its key body does, so key material pasted under a
    /// header line the file already had is still found.
    /// </remarks>
    public static IReadOnlyList<SecretFinding> Scan(string path, string text, IReadOnlyList<string> vetted, IReadOnlyCollection<string> allowedRules) =>
        Scan(path, text, vetted, allowedRules, prefilter: true);

    /// <summary><see cref="Scan(string, string, IReadOnlyList{string}, IReadOnlyCollection{string})"/>; with <paramref name="prefilter"/> false every scanned line goes through the patterns (tests compare the two).</summary>
    internal static IReadOnlyList<SecretFinding> Scan(string path, string text, IReadOnlyList<string> vetted, IReadOnlyCollection<string> allowedRules, bool prefilter)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vetted);
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

        var isNew = NewLines(text, lines, vetted);
        var findings = new List<SecretFinding>();
        var candidates = new List<Candidate>();
        for (var i = 0; i < lines.Length; i++)
        {
            if ((!isNew[i] && !(PossibleKeyHeader(lines[i]) && AnyNew(isNew, i + 1, PrivateKeyBody.MaximumLinesToBody)))
                || (prefilter && !MayHoldSecret(lines[i])))
            {
                continue;
            }

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
        Guard(files.Select(f => (f.Path, f.Text, (IReadOnlyList<string>)[])), allowedRules);
    }

    /// <summary>
    /// Like <see cref="Guard(IEnumerable{ValueTuple{string, string}}, IReadOnlyCollection{string})"/>, scanning
    /// only the lines each file's vetted versions do not hold (see <see cref="Scan(string, string, IReadOnlyList{string}, IReadOnlyCollection{string})"/>).
    /// </summary>
    /// <param name="files">The files about to be published: a name for messages, the text, and its vetted earlier versions.</param>
    /// <param name="allowedRules">Rule names to skip (the config's permanent list plus this run's overrides).</param>
    /// <exception cref="SecretDetectedException">At least one likely secret was found.</exception>
    public static void Guard(IEnumerable<(string Path, string Text, IReadOnlyList<string> Vetted)> files, IReadOnlyCollection<string> allowedRules)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(allowedRules);

        var findings = new List<SecretFinding>();
        foreach (var (path, text, vetted) in files)
        {
            findings.AddRange(Scan(path, text, vetted, allowedRules));
        }

        if (findings.Count > 0)
        {
            throw new SecretDetectedException(findings);
        }
    }

    /// <summary>The first four characters and an ellipsis: enough to tell two findings apart, too little to use.</summary>
    internal static string Redact(string value) => value[..Math.Min(4, value.Length)] + "…";

    // Which lines of text no vetted version holds. A line whose terminator lies inside the part text shares
    // with a vetted version from the start is in that version. Any other line is looked for as a whole line
    // in each vetted version: by search when there are few such lines (a save appends a handful), through a
    // set of all their lines when there are many.
    private static bool[] NewLines(string text, string[] lines, IReadOnlyList<string> vetted)
    {
        var isNew = new bool[lines.Length];
        var shared = 0;
        foreach (var version in vetted)
        {
            shared = Math.Max(shared, text.AsSpan().CommonPrefixLength(version));
        }

        var candidates = new List<int>();
        var lineEnd = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            lineEnd = text.IndexOf('\n', lineEnd + 1);
            // A blank line holds nothing any rule matches.
            if ((lineEnd < 0 || lineEnd >= shared) && !string.IsNullOrWhiteSpace(lines[i]))
            {
                candidates.Add(i);
            }

            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }
        }

        HashSet<string>? known = null;
        if (candidates.Count > 32)
        {
            known = new HashSet<string>(StringComparer.Ordinal);
            foreach (var version in vetted)
            {
                foreach (var line in version.Split('\n'))
                {
                    known.Add(line.TrimEnd('\r'));
                }
            }
        }

        foreach (var i in candidates)
        {
            isNew[i] = known is not null ? !known.Contains(lines[i]) : !vetted.Any(version => HoldsLine(version, lines[i]));
        }

        return isNew;
    }

    // True when text has line as a whole line: after the start or a line feed, and followed by the end or
    // by carriage returns and a line feed (lines are compared without their trailing carriage returns).
    private static bool HoldsLine(string text, string line)
    {
        for (var at = text.IndexOf(line, StringComparison.Ordinal); at >= 0 && at < text.Length; at = text.IndexOf(line, at + 1, StringComparison.Ordinal))
        {
            if (at > 0 && text[at - 1] != '\n')
            {
                continue;
            }

            var end = at + line.Length;
            while (end < text.Length && text[end] == '\r')
            {
                end++;
            }

            if (end == text.Length || text[end] == '\n')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// False only when no rule can match <paramref name="line"/>: it lacks every literal some pattern needs
    /// (an ASCII line, compared ignoring case where the pattern does). Most lines a save adds are plain
    /// notes, so the patterns (and the regular expression engine) are never run for them.
    /// </summary>
    internal static bool MayHoldSecret(string line)
    {
        foreach (var ch in line)
        {
            if (ch > '\u007F')
            {
                // Case-insensitive matching knows letters such as the Kelvin sign; leave those to the patterns.
                return true;
            }
        }

        foreach (var literal in s_literals)
        {
            if (line.Contains(literal, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var keyword in s_keywords)
        {
            if (line.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PossibleKeyHeader(string line) => line.Contains("-----BEGIN ", StringComparison.Ordinal);

    private static bool AnyNew(bool[] isNew, int from, int count)
    {
        for (var i = from; i < isNew.Length && i < from + count; i++)
        {
            if (isNew[i])
            {
                return true;
            }
        }

        return false;
    }

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
