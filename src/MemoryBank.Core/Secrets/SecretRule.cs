namespace MemoryBank.Core.Secrets;

/// <summary>
/// The secret guard's rule names. They are stable ids: users write them in <c>--allow-secret</c> and in
/// <c>"secrets": { "allow": [...] }</c>, so a name never changes once released.
/// </summary>
public static class SecretRule
{
    /// <summary>A PEM private key block (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted PKCS#8 or PGP).</summary>
    public const string PrivateKey = "private-key";

    /// <summary>An AWS access key id (<c>AKIA</c>, <c>ASIA</c>, <c>ABIA</c> or <c>ACCA</c> and 16 more characters).</summary>
    public const string AwsAccessKeyId = "aws-access-key-id";

    /// <summary>A GitHub token (<c>ghp_</c>, <c>gho_</c>, <c>ghu_</c>, <c>ghs_</c>, <c>ghr_</c> or <c>github_pat_</c>).</summary>
    public const string GitHubToken = "github-token";

    /// <summary>A GitLab personal access token (<c>glpat-</c>).</summary>
    public const string GitLabToken = "gitlab-token";

    /// <summary>A Slack token (<c>xoxb-</c> and kin) or an incoming-webhook URL.</summary>
    public const string SlackToken = "slack-token";

    /// <summary>A JSON Web Token whose header decodes to JSON with an <c>alg</c>.</summary>
    public const string Jwt = "jwt";

    /// <summary>A high-entropy value assigned to a key such as <c>password</c>, <c>secret</c>, <c>token</c> or <c>api_key</c>.</summary>
    public const string GenericAssignment = "generic-assignment";

    /// <summary>Every rule, in the order findings on one line are reported.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PrivateKey,
        AwsAccessKeyId,
        GitHubToken,
        GitLabToken,
        SlackToken,
        Jwt,
        GenericAssignment,
    ];

    /// <summary>True when <paramref name="name"/> is one of <see cref="All"/> (ordinal, case-insensitive).</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.OrdinalIgnoreCase);
}
