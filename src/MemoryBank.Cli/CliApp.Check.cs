using System.CommandLine;
using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Setup;

namespace MemoryBank.Cli;

public static partial class CliApp
{
    private static Command CheckCommand(CliContext context)
    {
        var repo = RepoOption();
        var json = JsonOption();
        var verbose = VerboseOption();
        var repair = new Option<bool>("--repair")
        {
            Description = "Repair what can be repaired safely: rewrite the .gitattributes block, re-register the drivers, delete a stale lock and leftover temporary files, make .git/memory-bank private.",
        };
        var command = new Command("check", "Check this clone's memory bank: configuration, bank files, conflict markers, .gitattributes, merge drivers, lock, journal, double harvests, conflict copies and permissions. Exit code 1 when a check fails.")
        {
            repo, json, verbose, repair,
        };
        command.SetAction(parse => Guard(context, parse.GetValue(json), () =>
        {
            var checker = new HealthChecker(CreateGit(context, parse.GetValue(verbose)));
            var driver = new DriverLocation(Environment.ProcessPath, ModuleManifestBesideCli(), FindOnPath("pwsh"));
            var results = checker.Run(parse.GetValue(repo)!, parse.GetValue(repair), driver);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Output, results);
            }
            else
            {
                WriteCheckTable(context.Output, results);
            }

            return results.Any(r => r.Status == CheckStatus.Fail) ? ExitCodes.Failed : ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>One row per check (Name, Status, Detail), the next step under each that needs one, then a summary line.</summary>
    private static void WriteCheckTable(TextWriter output, IReadOnlyList<CheckResult> results)
    {
        const int NameWidth = 17;
        const int StatusWidth = 6;
        var indent = new string(' ', NameWidth + StatusWidth + 2);
        output.WriteLine($"{"Name".PadRight(NameWidth)} {"Status".PadRight(StatusWidth)} Detail");
        foreach (var result in results)
        {
            var status = result.Status.ToString() + (result.Repaired ? "*" : string.Empty);
            output.WriteLine($"{result.Name.PadRight(NameWidth)} {status.PadRight(StatusWidth)} {result.Detail}");
            if (result.Fix is { } fix && (result.Status != CheckStatus.Pass || result.Repaired))
            {
                output.WriteLine($"{indent}Fix: {fix}");
            }
        }

        var failed = results.Count(r => r.Status == CheckStatus.Fail);
        var warned = results.Count(r => r.Status == CheckStatus.Warn);
        var repaired = results.Count(r => r.Repaired);
        var summary = $"{results.Count} checks: {results.Count - failed - warned} passed, {warned} warned, {failed} failed";
        output.WriteLine(repaired > 0 ? $"{summary}; {repaired} repaired (marked *)." : summary + ".");
    }
}
