using System.Text;

namespace MemoryBank.Core.Git;

/// <summary>The outcome of one git run.</summary>
/// <param name="ExitCode">git's exit code.</param>
/// <param name="StandardOutputBytes">stdout exactly as git wrote it.</param>
/// <param name="StandardError">stderr, decoded as UTF-8.</param>
public sealed record GitResult(int ExitCode, byte[] StandardOutputBytes, string StandardError)
{
    /// <summary>stdout decoded as UTF-8.</summary>
    public string StandardOutput => Encoding.UTF8.GetString(StandardOutputBytes);

    /// <summary>stdout decoded and trimmed of surrounding white space.</summary>
    public string Text => StandardOutput.Trim();
}
