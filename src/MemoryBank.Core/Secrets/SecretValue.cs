using System.Text.Json;
using System.Text.RegularExpressions;

namespace MemoryBank.Core.Secrets;

/// <summary>The judgements the rules share: is an assigned value secret-like, is a token a placeholder, is a JWT real.</summary>
internal static partial class SecretValue
{
    /// <summary>The shortest assigned value the generic rule considers.</summary>
    public const int MinimumLength = 12;

    /// <summary>The least Shannon entropy, in bits per character, of a value the generic rule reports.</summary>
    public const double MinimumEntropy = 3.5;

    private static readonly string[] s_placeholderWords =
    [
        "xxx", "changeme", "change_me", "change-me", "***", "...", "…", "placeholder", "redacted", "example",
    ];

    /// <summary>
    /// True for a value that looks like a real credential: long enough, high entropy, more than one
    /// character class, no white space, not a word or identifier, and not a placeholder or a reference to
    /// where the secret lives.
    /// </summary>
    public static bool LooksLikeSecret(string value) =>
        value.Length >= MinimumLength
        && !value.Any(char.IsWhiteSpace)
        && !IsPlaceholder(value)
        && !IsReference(value)
        && !IsWordOrIdentifier(value)
        && CharacterClasses(value) >= 2
        && ShannonEntropy(value) >= MinimumEntropy;

    /// <summary>
    /// True for documentation filler in a token's random part: a run of six or more of one character
    /// (<c>ghp_xxxx…</c>, <c>T00000000</c>), which a random token almost never has.
    /// </summary>
    public static bool IsFiller(string body)
    {
        var run = 1;
        for (var i = 1; i < body.Length; i++)
        {
            run = char.ToLowerInvariant(body[i]) == char.ToLowerInvariant(body[i - 1]) ? run + 1 : 1;
            if (run >= 6)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the JWT's first segment decodes to a JSON object with a string <c>alg</c>.</summary>
    public static bool HasJwtHeader(string token)
    {
        var header = token[..token.IndexOf('.')];
        var base64 = header.Replace('-', '+').Replace('_', '/');
        if (base64.Length % 4 == 1)
        {
            return false;
        }

        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length * 3 / 4];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, written));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("alg", out var alg)
                && alg.ValueKind == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Shannon entropy of the characters of <paramref name="value"/>, in bits per character.</summary>
    public static double ShannonEntropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var entropy = 0.0;
        foreach (var group in value.GroupBy(ch => ch))
        {
            var p = (double)group.Count() / value.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    /// <summary>How many of lower case, upper case, digits and other characters occur.</summary>
    public static int CharacterClasses(string value) =>
        (value.Any(char.IsAsciiLetterLower) ? 1 : 0)
        + (value.Any(char.IsAsciiLetterUpper) ? 1 : 0)
        + (value.Any(char.IsAsciiDigit) ? 1 : 0)
        + (value.Any(ch => !char.IsAsciiLetterOrDigit(ch)) ? 1 : 0);

    // ConfigurationManager, client_secret_post, refresh-token-value: letters joined by _, - or . read as
    // names. A random 12-character secret almost always has a digit or another symbol.
    private static bool IsWordOrIdentifier(string value) =>
        value.All(ch => char.IsAsciiLetter(ch) || ch is '_' or '-' or '.');

    // <your-token>, ${TOKEN}, {{ token }}, $TOKEN, %TOKEN%, xxx, changeme, ***, your-password-here.
    private static bool IsPlaceholder(string value) =>
        value.Contains('<') || value.Contains('>')
        || value.Contains("${", StringComparison.Ordinal) || value.Contains("{{", StringComparison.Ordinal)
        || value.StartsWith('$') || value.StartsWith('%')
        || value.StartsWith("your", StringComparison.OrdinalIgnoreCase)
        || s_placeholderWords.Any(word => value.Contains(word, StringComparison.OrdinalIgnoreCase));

    // Where the secret comes from rather than the secret: process.env.API_TOKEN, os.getenv(...), GITHUB_TOKEN,
    // https://vault/..., /run/secrets/db.
    private static bool IsReference(string value) =>
        value.Contains('(')
        || MemberAccess().IsMatch(value)
        || EnvironmentName().IsMatch(value)
        || UrlOrPath().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex MemberAccess();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^(?:[A-Za-z][A-Za-z0-9+.\-]*://|~?/|\.{1,2}/)", RegexOptions.CultureInvariant)]
    private static partial Regex UrlOrPath();
}
