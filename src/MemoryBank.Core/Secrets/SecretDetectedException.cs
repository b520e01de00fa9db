using System.Text;
using MemoryBank.Core.Config;

namespace MemoryBank.Core.Secrets;

/// <summary>
/// The secret guard found likely secrets in files about to be published; nothing was published. The message
/// names each file, line and rule and how to override a false positive, and never repeats the secret.
/// </summary>
public sealed class SecretDetectedException : MemoryBankException
{
    /// <summary>The stable error id.</summary>
    public const string Id = "SecretDetected";

    /// <summary>Creates the error for <paramref name="findings"/>, which must not be empty.</summary>
    public SecretDetectedException(IReadOnlyList<SecretFinding> findings)
        : base(Id, BuildMessage(findings), findings[0].Path)
    {
        Findings = findings;
    }

    /// <summary>Every finding, in file and line order; each excerpt is redacted.</summary>
    public IReadOnlyList<SecretFinding> Findings { get; }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => MemoryBankErrorKind.InvalidInput;

    private static string BuildMessage(IReadOnlyList<SecretFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            throw new ArgumentException("A secret error needs at least one finding.", nameof(findings));
        }

        // The excerpt stays out of the message: messages end up in terminals, CI logs and bug reports,
        // and the file and line are enough to find the value.
        var message = new StringBuilder();
        message.Append(findings.Count == 1
            ? "The secret guard found a likely secret, so nothing was published:"
            : $"The secret guard found {findings.Count} likely secrets, so nothing was published:");
        foreach (var finding in findings)
        {
            message.Append('\n').Append("  ").Append(finding.Path).Append(':').Append(finding.Line).Append(": ").Append(finding.Rule);
        }

        var rules = findings.Select(f => f.Rule).Distinct(StringComparer.Ordinal).ToList();
        var example = rules[0];
        var allowList = string.Join(", ", rules.Select(rule => $"\"{rule}\""));
        message.Append('\n')
            .Append("Remove the secret from the file (and rotate it if it was ever shared), then run the command again. ")
            .Append("If a finding is not a secret, allow its rule for one run with --allow-secret <rule> (for example --allow-secret ")
            .Append(example)
            .Append("), or permanently with \"secrets\": { \"allow\": [")
            .Append(allowList)
            .Append("] } in ")
            .Append(MemoryBankConfig.FileName)
            .Append('.');
        return message.ToString();
    }
}
