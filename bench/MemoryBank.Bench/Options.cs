namespace MemoryBank.Bench;

/// <summary>The command line: <c>[--cli PATH] [--alt-cli PATH] [--out DIR] [--work DIR] [--suites merge,driver,sync] [--quick] [--keep]</c>.</summary>
internal sealed class Options
{
    public required string Cli { get; init; }

    /// <summary>Another build of the CLI to time beside the shipped one in the driver's runtime-settings table.</summary>
    public string? AltCli { get; init; }

    public required string OutDirectory { get; init; }

    public required string WorkDirectory { get; init; }

    public required IReadOnlySet<string> Suites { get; init; }

    public bool Quick { get; init; }

    public bool Keep { get; init; }

    public static Options Parse(string[] args, string repositoryRoot)
    {
        string? cli = null, altCli = null, output = null, work = null, suites = null;
        bool quick = false, keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--cli": cli = Value(); break;
                case "--alt-cli": altCli = Value(); break;
                case "--out": output = Value(); break;
                case "--work": work = Value(); break;
                case "--suites": suites = Value(); break;
                case "--quick": quick = true; break;
                case "--keep": keep = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--cli PATH] [--alt-cli PATH] [--out DIR] [--work DIR] [--suites merge,driver,sync] [--quick] [--keep]");
            }
        }

        return new Options
        {
            Cli = Path.GetFullPath(cli ?? Path.Combine(repositoryRoot, "out", "MemoryBank", "memory-bank")),
            AltCli = altCli is null ? null : Path.GetFullPath(altCli),
            OutDirectory = Path.GetFullPath(output ?? Path.Combine(repositoryRoot, "bench", "results")),
            WorkDirectory = Path.GetFullPath(work ?? Path.Combine(Path.GetTempPath(), $"memorybank-bench-{Environment.ProcessId}")),
            Suites = (suites ?? "merge,driver,sync").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
            Quick = quick,
            Keep = keep,
        };
    }
}
