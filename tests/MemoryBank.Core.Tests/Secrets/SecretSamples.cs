using System.Text;

namespace MemoryBank.Core.Tests.Secrets;

/// <summary>
/// Fake credentials for the true-positive tests, assembled at run time from a seeded generator so that this
/// repository's source holds no string a secret scanner (GitHub push protection, or ours) would flag.
/// </summary>
internal static class SecretSamples
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64 = Alphanumeric + "+/";

    public static string PrivateKeyHeader(string kind = "RSA ") => "-----BEGIN " + kind + "PRIVATE" + " KEY-----";

    public static string PrivateKeyBlock(string kind = "RSA ") =>
        PrivateKeyHeader(kind) + "\n" + Random(Base64, 64, 1) + "\n" + Random(Base64, 64, 2) + "\n-----END " + kind + "PRIVATE KEY-----";

    public static string AwsAccessKeyId => "AK" + "IA" + Random(Upper, 16, 3);

    public static string GitHubToken => "gh" + "p_" + Random(Alphanumeric, 36, 4);

    public static string GitHubFineGrainedToken => "github" + "_pat_" + Random(Alphanumeric, 22, 5) + "_" + Random(Alphanumeric, 59, 6);

    public static string GitLabToken => "gl" + "pat-" + Random(Alphanumeric, 20, 7);

    public static string SlackToken => "xo" + "xb-" + Random("0123456789", 12, 8) + "-" + Random("0123456789", 13, 9) + "-" + Random(Alphanumeric, 24, 10);

    public static string SlackWebhook => "https://hooks.slack.com/" + "services/T" + Random(Upper, 9, 11) + "/B" + Random(Upper, 11, 12) + "/" + Random(Alphanumeric, 24, 13);

    public static string Jwt =>
        Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Base64Url("{\"sub\":\"1234567890\",\"name\":\"Ada\",\"iat\":1516239022}") + "." + Random(Alphanumeric + "-_", 43, 14);

    public static string GenericValue => Random(Alphanumeric, 24, 15);

    public static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Random(string alphabet, int length, int seed)
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
