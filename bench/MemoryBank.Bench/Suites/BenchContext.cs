using MemoryBank.Bench.Harness;

namespace MemoryBank.Bench.Suites;

/// <summary>What every suite needs: the CLI under test, a scratch folder, the process runner and the report.</summary>
internal sealed class BenchContext
{
    public required string Cli { get; init; }

    /// <summary>Another build of the CLI (<c>--alt-cli</c>), timed beside the shipped one; null when not given.</summary>
    public string? AltCli { get; init; }

    public required string WorkDirectory { get; init; }

    public required ProcessRunner Runner { get; init; }

    public required Report Report { get; init; }

    /// <summary>A smoke run: a few iterations and small fixtures, to check the harness, not to quote.</summary>
    public required bool Quick { get; init; }

    /// <summary>Keep generated repositories for inspection instead of deleting each when its suite is done.</summary>
    public required bool Keep { get; init; }

    /// <summary>Iterations for a full run, or a handful for a quick one.</summary>
    public int Iterations(int full) => Quick ? Math.Min(full, 3) : full;

    /// <summary>Warm-up runs for a full run, or one for a quick one.</summary>
    public int WarmUp(int full) => Quick ? Math.Min(full, 1) : full;

    public ProcessResult Git(string workingDirectory, params string[] arguments) => Runner.Run("git", arguments, workingDirectory);

    public ProcessResult MemoryBank(string workingDirectory, params string[] arguments) => Runner.Run(Cli, arguments, workingDirectory);

    /// <summary>
    /// True for a native (ahead-of-time compiled) memory-bank, false for an apphost over the .NET runtime:
    /// an apphost names the host library it loads.
    /// </summary>
    public static bool IsNative(string cli) =>
        File.ReadAllBytes(cli).AsSpan().IndexOf("hostfxr"u8) < 0;

    /// <summary>How a CLI build runs, for the report.</summary>
    public static string Kind(string cli) => IsNative(cli) ? "native, compiled ahead of time" : "ReadyToRun apphost on the .NET runtime";

    /// <summary>Progress for the person watching the run; stderr, so stdout stays the Markdown report.</summary>
    public static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
