using System.CommandLine;
using MemoryBank.Core;
using MemoryBank.Core.Merge;

namespace MemoryBank.Cli;

/// <summary>Builds the <c>memory-bank</c> command tree. Each verb is a thin adapter over a Core service.</summary>
public static partial class CliApp
{
    /// <summary>Parses <paramref name="args"/>, runs the verb, and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error);
        var root = BuildRoot(context, args.Length > 0 ? args[0] : null);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine($"memory-bank: {parseError.Message}");
            }

            error.WriteLine("Run 'memory-bank --help' for usage.");
            return ExitCodes.Usage;
        }

        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    // The verbs in help order. Only the verb being run is built: the Claude Code hooks run start and save
    // at every session start and end, and building every verb's options costs several milliseconds.
    private static readonly (string Name, Func<CliContext, Command> Build)[] s_verbs =
    [
        ("init", InitCommand),
        ("merge-driver", MergeDriverCommand),
        ("start", context => SessionCommand(context, "start", StartDescription)),
        ("save", context => SessionCommand(context, "save", SaveDescription)),
        ("status", StatusCommand),
        ("add", AddCommand),
        ("harvest", HarvestCommand),
        ("check", CheckCommand),
        ("export", ExportCommand),
        ("import", ImportCommand),
    ];

    private static RootCommand BuildRoot(CliContext context, string? verb)
    {
        var root = new RootCommand("MemoryBank: keeps an AI assistant's memory bank in sync across clones through git.");
        var known = s_verbs.Any(v => v.Name == verb);
        foreach (var (name, build) in s_verbs)
        {
            // Anything else (--help, --version, a misspelt verb) gets the whole tree, for help and errors.
            if (!known || name == verb)
            {
                root.Subcommands.Add(build(context));
            }
        }

        return root;
    }

    private static Command MergeDriverCommand(CliContext context)
    {
        var strategy = new Argument<string>("strategy") { Description = "union, theirs, graph or ours." };
        var basePath = new Argument<string>("base") { Description = "The common ancestor's version (git's %O)." };
        var ours = new Argument<string>("ours") { Description = "This side's version, overwritten with the result (git's %A)." };
        var theirs = new Argument<string>("theirs") { Description = "The other side's version (git's %B)." };
        var path = new Argument<string?>("path") { Description = "The file's path in the repository (git's %P).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("merge-driver", "git merge driver: merges <ours> with <theirs> against <base> and writes the result to <ours>.")
        {
            strategy, basePath, ours, theirs, path,
        };
        command.SetAction(parse =>
        {
            var list = new List<string> { parse.GetValue(strategy)!, parse.GetValue(basePath)!, parse.GetValue(ours)!, parse.GetValue(theirs)! };
            if (parse.GetValue(path) is { } p)
            {
                list.Add(p);
            }

            return MergeDriverRunner.Run(list, context.Error);
        });
        return command;
    }

    /// <summary>Runs <paramref name="body"/>, mapping MemoryBank errors to stderr and exit codes.</summary>
    internal static int Guard(CliContext context, bool json, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (MemoryBankException ex)
        {
            context.Error.WriteLine($"memory-bank: {ex.Message}");
            if (json)
            {
                JsonOutput.Write(context.Output, new ErrorDocument(ex.ErrorId, ex.Message, ex.Target, ExitCodes.For(ex.Kind)));
            }

            return ExitCodes.For(ex.Kind);
        }
        catch (IOException ex)
        {
            context.Error.WriteLine($"memory-bank: {ex.Message} Check the path and permissions, then run the command again.");
            return ExitCodes.Failed;
        }
        catch (UnauthorizedAccessException ex)
        {
            context.Error.WriteLine($"memory-bank: {ex.Message} Check the file permissions, then run the command again.");
            return ExitCodes.Failed;
        }
    }
}
