using System.CommandLine;
using MemoryBank.Core;
using MemoryBank.Core.Backup;

namespace MemoryBank.Cli;

public static partial class CliApp
{
    private static Option<bool> PasswordStdinOption(string verb) => new("--password-stdin")
    {
        Description = $"Read the password from the first line of stdin ({verb} encrypted with AES-256-GCM).",
    };

    private static Command ExportCommand(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The archive to write (a zip; encrypted when a password is given)." };
        var repo = RepoOption();
        var json = JsonOption();
        var passwordStdin = PasswordStdinOption("export");
        var persona = PersonaOption();
        var command = new Command("export", "Write the bank to an archive with a manifest (format version, persona, host, time, SHA-256 per file).")
        {
            file, repo, json, passwordStdin, persona,
        };
        command.SetAction(parse => Guard(context, parse.GetValue(json), () =>
        {
            var password = parse.GetValue(passwordStdin) ? ReadPassword(context) : string.Empty;
            var service = new BankBackupService(CreateGit(context, verbose: false));
            var result = service.Export(parse.GetValue(repo)!, Path.GetFullPath(parse.GetValue(file)!), password, parse.GetValue(persona));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Output, result);
            }
            else
            {
                context.Output.WriteLine($"Exported {result.Files} file(s) to {result.Path} ({result.Bytes} bytes{(result.Encrypted ? ", encrypted" : string.Empty)}).");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ImportCommand(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The archive to import." };
        var repo = RepoOption();
        var json = JsonOption();
        var passwordStdin = PasswordStdinOption("for an archive");
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the per-file plan and change nothing." };
        var strategy = new Option<string>("--strategy")
        {
            Description = "merge (each file's strategy, 2-way), skip (keep local files that exist) or overwrite (replace them, after a backup).",
            DefaultValueFactory = _ => "merge",
        };
        strategy.AcceptOnlyFromAmong("merge", "skip", "overwrite");
        var command = new Command("import", "Bring an archive's bank into this clone's bank.")
        {
            file, repo, json, passwordStdin, dryRun, strategy,
        };
        command.SetAction(parse => Guard(context, parse.GetValue(json), () =>
        {
            var password = parse.GetValue(passwordStdin) ? ReadPassword(context) : string.Empty;
            var service = new BankBackupService(CreateGit(context, verbose: false));
            var kind = Enum.Parse<ImportStrategy>(parse.GetValue(strategy)!, ignoreCase: true);
            var archive = Path.GetFullPath(parse.GetValue(file)!);
            IReadOnlyList<ImportFileAction> actions;
            string? backup = null;
            if (parse.GetValue(dryRun))
            {
                actions = service.PlanImport(parse.GetValue(repo)!, archive, kind, password).Actions;
            }
            else
            {
                var result = service.Import(parse.GetValue(repo)!, archive, kind, password);
                (actions, backup) = (result.Actions, result.BackupPath);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Output, new ImportDocument(actions, backup, parse.GetValue(dryRun)));
                return ExitCodes.Success;
            }

            foreach (var action in actions)
            {
                var merged = action.EntriesMerged is { } m ? $", {m} already present" : string.Empty;
                context.Output.WriteLine($"{(parse.GetValue(dryRun) ? "Would " : string.Empty)}{action.Action,-11} {action.File} (+{action.EntriesAdded}{merged})");
            }

            if (backup is not null)
            {
                context.Output.WriteLine($"The bank before the import is saved at {backup}.");
            }

            if (parse.GetValue(dryRun))
            {
                context.Output.WriteLine("Dry run: nothing was changed.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static string ReadPassword(CliContext context)
    {
        var line = Console.In.ReadLine();
        if (string.IsNullOrEmpty(line))
        {
            throw new MemoryBankException("PasswordMissing", "--password-stdin was given but stdin held no password. Pipe it in, for example: printf '%s\\n' \"$PASS\" | memory-bank export bank.zip --password-stdin");
        }

        return line;
    }
}
