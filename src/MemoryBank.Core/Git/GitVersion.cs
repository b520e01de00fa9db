using System.Text.RegularExpressions;

namespace MemoryBank.Core.Git;

/// <summary>Checks that the installed git is new enough (2.38 or later).</summary>
public static partial class GitVersion
{
    /// <summary>The oldest git MemoryBank supports.</summary>
    public static Version Minimum { get; } = new(2, 38);

    /// <summary>Parses <c>git version 2.39.5</c> (and vendor suffixes such as <c>.windows.1</c>).</summary>
    public static Version? Parse(string output)
    {
        var match = VersionPattern().Match(output);
        return match.Success ? new Version(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value)) : null;
    }

    /// <summary>Throws when git is missing or older than <see cref="Minimum"/>.</summary>
    public static Version Require(GitClient git)
    {
        var output = git.RunText("--version");
        var version = Parse(output) ?? throw new MemoryBankException("GitVersionUnknown", $"Could not read git's version from '{output}'. Install git {Minimum} or later.");
        if (version < Minimum)
        {
            throw new MemoryBankException("GitTooOld", $"git {version} is installed, but MemoryBank needs git {Minimum} or later. Upgrade git and run the command again.");
        }

        return version;
    }

    [GeneratedRegex(@"(\d+)\.(\d+)\.(\d+)")]
    private static partial Regex VersionPattern();
}
