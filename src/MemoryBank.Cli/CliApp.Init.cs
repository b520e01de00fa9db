using System.CommandLine;
using MemoryBank.Core.Git;
using MemoryBank.Core.Setup;

namespace MemoryBank.Cli;

public static partial class CliApp
{
    private static Option<string> RepoOption() => new("--repo")
    {
        Description = "A folder inside the repository (default: the current folder).",
        DefaultValueFactory = _ => Directory.GetCurrentDirectory(),
    };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON document on stdout." };

    private static Option<bool> VerboseOption() => new("--verbose") { Description = "Print each git command to stderr before it runs." };

    private static GitClient CreateGit(CliContext context, bool verbose) =>
        new(Directory.GetCurrentDirectory(), log: verbose ? line => context.Error.WriteLine("VERBOSE: " + line) : null);

    private static Command InitCommand(CliContext context)
    {
        var repo = RepoOption();
        var json = JsonOption();
        var verbose = VerboseOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change, and change nothing." };
        var claudeHooks = new Option<bool>("--claude-hooks") { Description = "Also add MemoryBank's SessionStart, Stop and SessionEnd hooks to .claude/settings.json (merged, idempotent)." };
        var command = new Command("init", "Create the memory bank's seed files, write the .gitattributes block and register the merge drivers. Idempotent.")
        {
            repo, json, verbose, dryRun, claudeHooks,
        };
        command.SetAction(parse => Guard(context, parse.GetValue(json), () =>
        {
            var git = CreateGit(context, parse.GetValue(verbose));
            var initializer = new BankInitializer(git);
            var driver = new DriverLocation(Environment.ProcessPath, ModuleManifestBesideCli(), FindOnPath("pwsh"));
            var steps = initializer.Plan(parse.GetValue(repo)!, driver, parse.GetValue(claudeHooks));
            var results = parse.GetValue(dryRun)
                ? steps.Select(s => new SetupResult(s.Action, s.Target, "Would: " + s.Detail)).ToArray()
                : steps.Select(s => s.Apply()).ToArray();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Output, results);
            }
            else if (results.Length == 0)
            {
                context.Output.WriteLine("Already set up: nothing to change.");
            }
            else
            {
                var prefix = parse.GetValue(dryRun) ? "Would " : string.Empty;
                foreach (var result in results)
                {
                    context.Output.WriteLine($"{prefix}{result.Action,-9} {result.Target}");
                }

                if (parse.GetValue(dryRun))
                {
                    context.Output.WriteLine("Dry run: nothing was changed.");
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static string? ModuleManifestBesideCli()
    {
        var folder = AppContext.BaseDirectory;
        var manifest = Path.Combine(folder, "MemoryBank.psd1");
        return File.Exists(manifest) ? manifest : null;
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in new[] { Path.Combine(dir, name), Path.Combine(dir, name + ".exe") })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
