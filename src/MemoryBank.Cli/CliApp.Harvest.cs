using System.CommandLine;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Sync;

namespace MemoryBank.Cli;

public static partial class CliApp
{
    private static Option<string[]> AllowSecretOption() => new("--allow-secret")
    {
        Description = "Allow a secret-guard rule for this run (private-key, aws-access-key-id, github-token, gitlab-token, slack-token, jwt, generic-assignment). Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Command HarvestCommand(CliContext context)
    {
        var repo = RepoOption();
        var json = JsonOption();
        var verbose = VerboseOption();
        var persona = PersonaOption();
        var allowSecret = AllowSecretOption();
        var force = new Option<bool>("--force") { Description = "Harvest buffers below their threshold too." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the full plan and change nothing, locally or on the remote." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Create every ADR without asking." };
        var noPublish = new Option<bool>("--no-publish") { Description = "Commit locally as a pending publish, for review before the next save." };
        var command = new Command("harvest", "Move buffered entries into Patterns.md, post-mortems and numbered ADRs, published as one commit on the sync branch.")
        {
            repo, json, verbose, persona, allowSecret, force, dryRun, yes, noPublish,
        };
        command.SetAction(parse => Guard(context, parse.GetValue(json), () =>
        {
            var interactive = !Console.IsInputRedirected && !parse.GetValue(json);
            var declinedForInput = 0;
            Func<HarvestItem, bool>? confirm = null;
            if (!parse.GetValue(yes) && !parse.GetValue(dryRun))
            {
                confirm = item =>
                {
                    if (!interactive)
                    {
                        declinedForInput++;
                        return false;
                    }

                    context.Error.Write($"Create ADR for decision #{item.AdrNumber}: \"{item.Title}\"? [y/N] ");
                    var answer = Console.In.ReadLine()?.Trim();
                    return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
                };
            }

            var sync = new MemorySync(CreateGit(context, parse.GetValue(verbose)));
            var result = sync.Harvest(new HarvestRequest
            {
                Path = parse.GetValue(repo)!,
                Persona = parse.GetValue(persona),
                Force = parse.GetValue(force),
                DryRun = parse.GetValue(dryRun),
                NoPublish = parse.GetValue(noPublish),
                ConfirmDecision = confirm,
                AllowSecretRules = parse.GetValue(allowSecret) ?? [],
            });
            var declined = declinedForInput == 0
                ? null
                : $"{declinedForInput} decision(s) were not turned into ADRs: {(parse.GetValue(json) ? "--json never prompts" : "stdin is not interactive")}. Run again with --yes to create them.";
            if (parse.GetValue(json))
            {
                // The reason goes with the notes, where a script reading the JSON finds it.
                JsonOutput.Write(context.Output, declined is null ? result : WithNote(result, declined));
                return ExitCodes.Success;
            }

            HarvestFormatter.Write(context.Output, result);
            if (declined is not null)
            {
                context.Output.WriteLine("  " + declined);
            }

            return result.Session.Offline && !parse.GetValue(noPublish) ? ExitCodes.RemoteUnreachable : ExitCodes.Success;
        }));
        return command;
    }

    private static HarvestResult WithNote(HarvestResult result, string note) => new()
    {
        Items = result.Items,
        Notes = [.. result.Notes, note],
        DryRun = result.DryRun,
        Published = result.Published,
        Pending = result.Pending,
        Commit = result.Commit,
        Session = result.Session,
    };
}
