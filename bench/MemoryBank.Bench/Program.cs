using System.Diagnostics;
using System.Runtime.InteropServices;
using MemoryBank.Bench.Harness;
using MemoryBank.Bench.Suites;

namespace MemoryBank.Bench;

/// <summary>
/// Benchmarks of MemoryBank against the git a user would otherwise run, each pair measured in the same
/// run. Prints the Markdown report on stdout and writes it, with every raw sample, to the results folder.
/// Run through <c>bench/run.sh</c>, which builds Release first.
/// </summary>
public static class Program
{
    /// <summary>Runs the suites named by <c>--suites</c>; 0 when every measurement ran and checked out.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 4 && args[0] == "cold-merge")
        {
            return MergeDriverSuite.ColdMergeMain(args[1..]);
        }

        Options options;
        try
        {
            options = Options.Parse(args, FindRepositoryRoot());
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"memory-bank bench: {ex.Message}");
            return 2;
        }

        if (!File.Exists(options.Cli))
        {
            Console.Error.WriteLine($"memory-bank bench: the CLI '{options.Cli}' does not exist. Build first: dotnet build MemoryBank.sln -c Release (or run bench/run.sh).");
            return 2;
        }

        Directory.CreateDirectory(options.WorkDirectory);
        var started = DateTimeOffset.UtcNow;
        var context = new BenchContext
        {
            Cli = Snapshot(options.Cli, Path.Combine(options.WorkDirectory, "cli")),
            AltCli = options.AltCli is null ? null : Snapshot(options.AltCli, Path.Combine(options.WorkDirectory, "alt-cli")),
            WorkDirectory = options.WorkDirectory,
            Runner = new ProcessRunner(Environment(options.WorkDirectory)),
            Report = new Report(),
            Quick = options.Quick,
            Keep = options.Keep,
        };
        var total = Stopwatch.StartNew();
        try
        {
            if (options.Suites.Contains("merge"))
            {
                UnionMergeSuite.Run(context);
            }

            if (options.Suites.Contains("driver"))
            {
                MergeDriverSuite.Run(context);
            }

            if (options.Suites.Contains("sync"))
            {
                SyncSuite.Run(context);
            }
        }
        catch (BenchmarkException ex)
        {
            Console.Error.WriteLine($"memory-bank bench: {ex.Message}");
            Console.Error.WriteLine($"The scratch folder {options.WorkDirectory} is kept for inspection.");
            return 1;
        }

        var header = Header(context, options, started, total.Elapsed);
        var path = context.Report.Write(options.OutDirectory, started, header);
        Console.Out.Write(header.Trim() + "\n" + context.Report.Markdown);
        BenchContext.Log($"done in {total.Elapsed.TotalMinutes:N1} min; report: {path}");
        if (!options.Keep)
        {
            Directory.Delete(options.WorkDirectory, recursive: true);
        }

        return 0;
    }

    // Runs a private copy of the CLI's folder, so a rebuild of out/ during the run cannot change what is measured.
    private static string Snapshot(string cli, string folder)
    {
        var source = Path.GetDirectoryName(cli)!;
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        var copy = Path.Combine(folder, Path.GetFileName(cli));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(copy, File.GetUnixFileMode(cli));
        }

        return copy;
    }

    private static string Header(BenchContext context, Options options, DateTimeOffset started, TimeSpan elapsed)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        var git = context.Runner.Run("git", ["--version"], context.WorkDirectory).StandardOutput.Trim();
        var sdk = TryRun(context, "dotnet", "--version");
        var cliVersion = TryRun(context, context.Cli, "--version");
        var root = FindRepositoryRoot();
        var commit = TryRun(context, "git", "-C", root, "--no-optional-locks", "rev-parse", "--short", "HEAD");
        var changed = TryRun(context, "git", "-C", root, "--no-optional-locks", "status", "--porcelain", "--", "src").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        return $"""
            # MemoryBank benchmark results

            - Run: {started:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalMinutes:N1} min{(context.Quick ? " (**quick smoke run: small inputs, few iterations; do not quote**)" : string.Empty)}
            - Machine: {System.Environment.ProcessorCount} cores ({cpu}), {RuntimeInformation.OSDescription}
            - .NET: SDK {sdk}, runtime {RuntimeInformation.FrameworkDescription}; {git}
            - Source: commit {commit}{(changed > 0 ? $" plus {changed} uncommitted change(s) under src/" : string.Empty)}
            - CLI under test: `{options.Cli}` ({cliVersion}; {BenchContext.Kind(options.Cli)}), run from a private copy{(options.AltCli is null ? string.Empty : $"; also `{options.AltCli}` (`--alt-cli`) in the driver tables")}
            - Times are wall-clock milliseconds; medians with p90 in brackets. Ratios are memory-bank median / git median from the same run.

            """;
    }

    private static string TryRun(BenchContext context, string fileName, params string[] arguments)
    {
        try
        {
            return context.Runner.Run(fileName, arguments, context.WorkDirectory).StandardOutput.Trim();
        }
        catch (BenchmarkException)
        {
            return "unknown";
        }
    }

    // Every git and memory-bank process the bench starts sees the same, isolated configuration.
    private static Dictionary<string, string?> Environment(string workDirectory)
    {
        var globalConfig = Path.Combine(workDirectory, "gitconfig");
        File.WriteAllText(globalConfig, """
            [user]
            	name = Bench
            	email = bench@example.com
            [init]
            	defaultBranch = main
            [pull]
            	rebase = false
            [gc]
            	auto = 0
            [maintenance]
            	auto = false
            [advice]
            	detachedHead = false

            """);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GIT_CONFIG_GLOBAL"] = globalConfig,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_DIR"] = null,
            ["GIT_WORK_TREE"] = null,
            ["GIT_INDEX_FILE"] = null,
            ["GIT_TRACE2_EVENT"] = null,
            ["MEMORYBANK_PERSONA"] = null,
        };
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MemoryBank.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
