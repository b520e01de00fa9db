namespace MemoryBank.Core.Diagnostics;

/// <summary>The stable names of the health checks, in the order <see cref="HealthChecker"/> runs them.</summary>
public static class CheckNames
{
    /// <summary><c>.memorybank.json</c> is valid and its bank path stays inside the repository.</summary>
    public const string Config = "config";

    /// <summary>Every bank file decodes as UTF-8 and parses with its merge strategy.</summary>
    public const string BankFiles = "bank-files";

    /// <summary>No bank file holds git conflict marker lines.</summary>
    public const string ConflictMarkers = "conflict-markers";

    /// <summary>The <c>.gitattributes</c> block matches the configuration and routes bank files to the drivers.</summary>
    public const string GitAttributes = "gitattributes";

    /// <summary>The <c>memorybank-*</c> merge drivers are registered and actually run.</summary>
    public const string Drivers = "drivers";

    /// <summary>No stale sync lock.</summary>
    public const string Lock = "lock";

    /// <summary>No journal left by an interrupted sync.</summary>
    public const string Journal = "journal";

    /// <summary>No buffer entry that is also in a harvested document.</summary>
    public const string DoubleHarvest = "double-harvest";

    /// <summary>No conflict copies waiting for review.</summary>
    public const string ConflictCopies = "conflict-copies";

    /// <summary>The state folder <c>.git/memory-bank</c> is private to its owner (Unix).</summary>
    public const string Permissions = "permissions";

    /// <summary>Every name, in run order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Config, BankFiles, ConflictMarkers, GitAttributes, Drivers, Lock, Journal, DoubleHarvest, ConflictCopies, Permissions];
}
