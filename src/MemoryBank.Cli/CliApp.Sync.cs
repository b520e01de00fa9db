using System.CommandLine;
using MemoryBank.Core;
using MemoryBank.Core.Sync;

namespace MemoryBank.Cli;

public static partial class CliApp
{
    private const string StartDescription = "Fetch, merge what other clones published into this clone's bank, and publish a pending offline save.";

    private const string SaveDescription = "Merge, then publish this clone's bank as one commit on the sync branch (a no-op when nothing changed).";

    private static Option<string?> PersonaOption() => new("--persona") { Description = "The persona (default: MEMORYBANK_PERSONA, git config memorybank.persona, user.name, then the host name)." };

    private static Command SessionCommand(CliContext context, string name, string description)
    {
        var repo = RepoOption();
        var json = JsonOption();
        var verbose = VerboseOption();
        var persona = PersonaOption();
        var hook = new Option<bool>("--hook")
        {
            Description = name == "start"
                ? "For Claude Code's SessionStart hook: print a compact Markdown brief for the model's context and always exit 0."
                : "For Claude Code's Stop and SessionEnd hooks: print one line and always exit 0 (problems are summarised, never fail the hook).",
        };
        var command = new Command(name, description) { repo, json, verbose, persona, hook };
        Option<string?>? message = null;
        Option<bool>? allowDeletes = null;
        Option<bool>? local = null;
        Option<string[]>? allowSecret = null;
        if (name == "save")
        {
            message = new Option<string?>("--message", "-m") { Description = "A note for the commit message and the SESSION_LOG entry." };
            allowDeletes = new Option<bool>("--allow-deletes") { Description = "Allow deleting more entries than the mass-deletion guard permits." };
            local = new Option<bool>("--local") { Description = "Commit locally without using the network; the next start publishes." };
            command.Options.Add(message);
            command.Options.Add(allowDeletes);
            command.Options.Add(local);
            allowSecret = AllowSecretOption();
            command.Options.Add(allowSecret);
        }

        command.SetAction(parse => parse.GetValue(hook) ? RunHook(context, name, parse, repo, persona, local) : Guard(context, parse.GetValue(json), () =>
        {
            var sync = new MemorySync(CreateGit(context, parse.GetValue(verbose)));
            var request = new SyncRequest
            {
                Path = parse.GetValue(repo)!,
                Persona = parse.GetValue(persona),
                Message = message is null ? null : parse.GetValue(message),
                AllowDeletes = allowDeletes is not null && parse.GetValue(allowDeletes),
                LocalOnly = local is not null && parse.GetValue(local),
                AllowSecretRules = allowSecret is null ? [] : parse.GetValue(allowSecret) ?? [],
            };
            var result = name == "save" ? sync.Save(request) : sync.Start(request);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Output, result);
            }
            else
            {
                SessionFormatter.Write(context.Output, result);
            }

            foreach (var warning in result.Warnings)
            {
                context.Error.WriteLine("warning: " + warning);
            }

            return result.Offline && !request.LocalOnly ? ExitCodes.RemoteUnreachable : ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// Runs start or save as a Claude Code hook: a hook must never fail the session, so every problem is
    /// summarised in the output and the exit code is always 0.
    /// </summary>
    private static int RunHook(CliContext context, string name, ParseResult parse, Option<string> repo, Option<string?> persona, Option<bool>? local)
    {
        var request = new SyncRequest
        {
            Path = parse.GetValue(repo)!,
            Persona = parse.GetValue(persona),
            LocalOnly = local is not null && parse.GetValue(local),
        };
        try
        {
            var sync = new MemorySync(CreateGit(context, verbose: false));
            if (name == "start")
            {
                context.Output.Write(SessionBrief.Format(sync.Start(request)));
            }
            else
            {
                var result = sync.Save(request);
                context.Output.WriteLine(result.Published
                    ? $"memory-bank: saved and published {result.Files.Count} file(s)."
                    : result.Pending
                        ? "memory-bank: saved locally; the next start publishes it."
                        : "memory-bank: nothing to save.");
            }
        }
        catch (Exception ex) when (ex is MemoryBankException or IOException or UnauthorizedAccessException)
        {
            context.Output.Write(name == "start" ? SessionBrief.FormatFailure(ex.Message) : $"memory-bank: {name} did not run: {ex.Message}\n");
        }

        return ExitCodes.Success;
    }

    private static Command StatusCommand(CliContext context)
    {
        var repo = RepoOption();
        var json = JsonOption();
        var verbose = VerboseOption();
        var noFetch = new Option<bool>("--no-fetch") { Description = "Do not fetch; compare with the sync branch as last fetched." };
        var command = new Command("status", "Show each bank file's unsaved and incoming changes, harvest thresholds, conflicts and driver registration.")
        {
            repo, json, verbose, noFetch,
        };
        command.SetAction(parse => Guard(context, parse.GetValue(json), () =>
        {
            var sync = new MemorySync(CreateGit(context, parse.GetValue(verbose)));
            var rows = sync.Status(new StatusRequest { Path = parse.GetValue(repo)!, NoFetch = parse.GetValue(noFetch) });
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Output, rows);
            }
            else
            {
                SessionFormatter.WriteStatus(context.Output, rows);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command AddCommand(CliContext context)
    {
        var repo = RepoOption();
        var json = JsonOption();
        var persona = PersonaOption();
        var file = new Argument<string>("file") { Description = "The bank file: its name, with or without .md, or a unique prefix (lessons, patterns, decisions)." };
        var text = new Argument<string>("text") { Description = "The entry text." };
        var command = new Command("add", "Quick capture: append '- <yyyy-MM-dd HH:mm> [<persona>] <text>' as the last entry of a bank file.")
        {
            file, text, repo, json, persona,
        };
        command.SetAction(parse => Guard(context, parse.GetValue(json), () =>
        {
            var sync = new MemorySync(CreateGit(context, verbose: false));
            var result = sync.Add(new AddEntryRequest { Path = parse.GetValue(repo)!, File = parse.GetValue(file)!, Text = parse.GetValue(text)!, Persona = parse.GetValue(persona) });
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Output, result);
            }
            else
            {
                context.Output.WriteLine($"{result.File}: {result.Entry}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
