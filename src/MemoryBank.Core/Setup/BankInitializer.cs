using System.Diagnostics;
using MemoryBank.Core.Config;
using MemoryBank.Core.Git;
using MemoryBank.Core.IO;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Setup;

/// <summary>
/// Sets a clone up for MemoryBank: creates the bank with its seed files, writes the marked block in
/// <c>.gitattributes</c>, and registers the merge drivers in the clone's git config. Idempotent: a second
/// run plans no steps.
/// </summary>
public sealed class BankInitializer
{
    private readonly GitClient _git;

    /// <summary>Creates an initializer that runs git through <paramref name="git"/>.</summary>
    public BankInitializer(GitClient git)
    {
        _git = git;
    }

    /// <summary>Plans the steps that would change something in the repository containing <paramref name="path"/>.</summary>
    /// <exception cref="NotARepositoryException">The path is not in a git work tree.</exception>
    /// <exception cref="ConfigException"><c>.memorybank.json</c> is invalid (nothing is planned).</exception>
    /// <param name="path">A folder inside the repository.</param>
    /// <param name="driver">Where the merge driver (and the hook commands) can run from.</param>
    /// <param name="claudeHooks">Also merge MemoryBank's hooks into <c>.claude/settings.json</c>.</param>
    public IReadOnlyList<SetupStep> Plan(string path, DriverLocation driver, bool claudeHooks = false)
    {
        var repo = RepositoryInfo.Discover(_git, path);
        var git = _git.WithWorkingDirectory(repo.Root);
        var config = ConfigLoader.Load(repo.Root);
        var steps = new List<SetupStep>();

        var bankDir = BankPaths.Resolve(repo.Root, config.BankPath);
        foreach (var name in SeedFiles.Names)
        {
            var file = Path.Combine(bankDir, name);
            if (File.Exists(file) || Directory.Exists(file))
            {
                continue;
            }

            var content = SeedFiles.ContentFor(name)!;
            var relative = config.BankPath + "/" + name;
            steps.Add(new SetupStep("Create", relative, $"Create the seed file {relative}.", () => AtomicFile.WriteAllText(file, content)));
        }

        var attributesPath = Path.Combine(repo.Root, ".gitattributes");
        // Decoded keeping a BOM (as U+FEFF) and refusing invalid UTF-8, so the rewrite keeps every other byte.
        var existing = File.Exists(attributesPath) ? BankText.Decode(File.ReadAllBytes(attributesPath), attributesPath) : string.Empty;
        var updated = GitAttributesBlock.Apply(existing, GitAttributesBlock.Build(config));
        if (!string.Equals(existing, updated, StringComparison.Ordinal))
        {
            var action = GitAttributesBlock.Find(existing) is null ? "Create" : "Update";
            steps.Add(new SetupStep(action, ".gitattributes", "Map the bank files to the memorybank-* merge drivers in a marked block.", () => AtomicFile.WriteAllText(attributesPath, updated)));
        }

        var commandFor = ResolveDriverCommand(driver);
        foreach (var (key, value) in DriverRegistration.ConfigEntries(commandFor))
        {
            var current = git.Run(["config", "--local", "--get", key], new GitRunOptions { AcceptedExitCodes = [1] });
            if (current.ExitCode == 0 && current.Text == value)
            {
                continue;
            }

            steps.Add(new SetupStep("Register", key, $"Set git config {key} in this clone.", () => git.Run(["config", "--local", key, value])));
        }

        if (claudeHooks)
        {
            var cli = driver.CliPath is { } p && File.Exists(p)
                ? p
                : throw new MemoryBankException("HookCommandUnavailable", "Cannot write the Claude Code hooks: the memory-bank command was not found beside the module. Rebuild the module (dotnet build) or install the CLI, then run init again.", driver.CliPath);
            var settingsPath = Path.Combine(repo.Root, ClaudeHooks.SettingsPath);
            var current = File.Exists(settingsPath) ? File.ReadAllText(settingsPath) : null;
            var merged = ClaudeHooks.Merge(current, ClaudeHooks.Specs(ClaudeHooks.CliCommand(repo.Root, cli)), settingsPath);
            if (merged is not null)
            {
                steps.Add(new SetupStep(current is null ? "Create" : "Update", ClaudeHooks.SettingsPath, "Add the SessionStart, Stop and SessionEnd hooks that run memory-bank start and save.", () => AtomicFile.WriteAllText(settingsPath, merged)));
            }
        }

        return steps;
    }

    /// <summary>Plans and applies every step; returns what changed (empty when the clone was already set up).</summary>
    public IReadOnlyList<SetupResult> Run(string path, DriverLocation driver, bool claudeHooks = false) =>
        Plan(path, driver, claudeHooks).Select(step => step.Apply()).ToArray();

    /// <summary>Chooses the driver command: the CLI when it runs here, else pwsh with the module.</summary>
    /// <exception cref="MemoryBankException">Neither can run.</exception>
    public static Func<MergeStrategyKind, string> ResolveDriverCommand(DriverLocation driver)
    {
        if (driver.CliPath is { } cli && CanRun(cli, "--version"))
        {
            return strategy => DriverRegistration.CliCommand(cli, strategy);
        }

        if (driver.PwshPath is { } pwsh && driver.ModuleManifestPath is { } manifest && File.Exists(manifest))
        {
            return strategy => DriverRegistration.PwshCommand(pwsh, manifest, strategy);
        }

        throw new MemoryBankException(
            "DriverUnavailable",
            $"Cannot register the merge drivers: the memory-bank command {(driver.CliPath is null ? "was not found" : $"at '{driver.CliPath}' does not run")}, and pwsh with the MemoryBank module is not available either. Install the .NET 8 (or later) runtime, or run Initialize-MemoryBank from PowerShell 7.4+.",
            driver.CliPath);
    }

    private static bool CanRun(string executable, string argument)
    {
        if (!File.Exists(executable))
        {
            return false;
        }

        try
        {
            var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(argument);
            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
