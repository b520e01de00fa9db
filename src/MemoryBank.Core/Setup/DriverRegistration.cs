using MemoryBank.Core.Config;
using MemoryBank.Core.Git;

namespace MemoryBank.Core.Setup;

/// <summary>
/// Registers the <c>memorybank-*</c> merge drivers in a clone's git config. git runs a driver command
/// through the shell, so the executable path is single-quoted.
/// </summary>
public static class DriverRegistration
{
    /// <summary>Every strategy gets a driver, so a policy change needs no re-registration.</summary>
    public static IReadOnlyList<MergeStrategyKind> Strategies { get; } = Enum.GetValues<MergeStrategyKind>();

    /// <summary>The driver command that runs the CLI: <c>'/abs/memory-bank' merge-driver union %O %A %B %P</c>.</summary>
    public static string CliCommand(string cliPath, MergeStrategyKind strategy) =>
        $"{ShellQuote(cliPath)} merge-driver {strategy.ToString().ToLowerInvariant()} %O %A %B %P";

    /// <summary>
    /// The fallback driver command for a machine where the CLI cannot run (pwsh but no .NET runtime):
    /// pwsh imports the module and calls the same Core merge driver.
    /// </summary>
    public static string PwshCommand(string pwshPath, string manifestPath, MergeStrategyKind strategy)
    {
        // git substitutes %P already single-quoted, which PowerShell reads as a string literal.
        var psManifest = manifestPath.Replace("'", "''", StringComparison.Ordinal);
        var script = $"Import-Module '{psManifest}'; exit [MemoryBank.Core.Merge.MergeDriverRunner]::Run(@('{strategy.ToString().ToLowerInvariant()}', '%O', '%A', '%B', %P))";
        return $"{ShellQuote(pwshPath)} -NoProfile -NonInteractive -Command \"{script}\"";
    }

    /// <summary>The git config entries (key, value) that register the drivers with <paramref name="commandFor"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ConfigEntries(Func<MergeStrategyKind, string> commandFor)
    {
        var entries = new List<KeyValuePair<string, string>>();
        foreach (var strategy in Strategies)
        {
            var name = GitAttributesBlock.DriverName(strategy);
            entries.Add(new($"merge.{name}.name", $"MemoryBank {strategy.ToString().ToLowerInvariant()} merge"));
            entries.Add(new($"merge.{name}.driver", commandFor(strategy)));
        }

        return entries;
    }

    /// <summary>Reads the driver command registered for <paramref name="strategy"/> in the clone, or null.</summary>
    public static string? ReadRegistered(GitClient git, MergeStrategyKind strategy)
    {
        var result = git.Run(["config", "--get", $"merge.{GitAttributesBlock.DriverName(strategy)}.driver"], new GitRunOptions { AcceptedExitCodes = [1] });
        return result.ExitCode == 0 ? result.Text : null;
    }

    /// <summary>Quotes a path for the POSIX shell git runs drivers with.</summary>
    public static string ShellQuote(string path) => "'" + path.Replace("\\", "/", StringComparison.Ordinal).Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
