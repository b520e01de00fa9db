using System.Text.RegularExpressions;

namespace MemoryBank.Core.Secrets;

/// <summary>
/// Decides whether a PEM private key header starts a real key block: base64 key material must follow, on the
/// same line (a key pasted into a JSON or YAML string with <c>\n</c> escapes) or on the next lines (after
/// optional <c>Proc-Type:</c>, <c>Version:</c> style headers and blank lines).
/// </summary>
internal static partial class PrivateKeyBody
{
    // A PEM line holds 64 characters, OpenSSH 70; 20 is far more than prose ever strings together.
    private const int MinimumRun = 20;

    // PGP armour puts a few header lines and a blank line between the marker and the key material.
    internal const int MaximumLinesToBody = 8;

    /// <summary>True when key material follows the header that ends at <paramref name="afterHeader"/> on line <paramref name="index"/>.</summary>
    public static bool Follows(string[] lines, int index, int afterHeader)
    {
        var rest = lines[index].AsSpan(afterHeader);
        while (true)
        {
            rest = rest.TrimStart();
            if (rest.StartsWith("\\n", StringComparison.Ordinal) || rest.StartsWith("\\r", StringComparison.Ordinal))
            {
                rest = rest[2..];
                continue;
            }

            break;
        }

        if (Base64Run(rest) >= MinimumRun)
        {
            return true;
        }

        for (var j = index + 1; j < lines.Length && j <= index + MaximumLinesToBody; j++)
        {
            var line = lines[j].AsSpan().Trim();
            if (line.IsEmpty || ArmourHeader().IsMatch(line))
            {
                continue;
            }

            return Base64Run(line) == line.Length && line.Length >= MinimumRun;
        }

        return false;
    }

    private static int Base64Run(ReadOnlySpan<char> text)
    {
        var length = 0;
        while (length < text.Length && (char.IsAsciiLetterOrDigit(text[length]) || text[length] is '+' or '/' or '='))
        {
            length++;
        }

        return length;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]*: ", RegexOptions.CultureInvariant)]
    private static partial Regex ArmourHeader();
}
