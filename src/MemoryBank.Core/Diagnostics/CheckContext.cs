using MemoryBank.Core.Config;
using MemoryBank.Core.Git;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Diagnostics;

/// <summary>What every check of one run shares: the repository, its configuration and the bank's files, read once.</summary>
internal sealed class CheckContext
{
    private BankScan? _scan;

    /// <summary>The repository being checked.</summary>
    public required RepositoryInfo Repo { get; init; }

    /// <summary>git, running at the work tree's root.</summary>
    public required GitClient Git { get; init; }

    /// <summary>The configuration, or null when it is invalid (see <see cref="ConfigProblem"/>).</summary>
    public MemoryBankConfig? Config { get; init; }

    /// <summary>Why the configuration could not be used, or null.</summary>
    public MemoryBankException? ConfigProblem { get; init; }

    /// <summary>The absolute bank folder, or null when the configuration is invalid.</summary>
    public string? BankDirectory { get; init; }

    /// <summary>Where the merge driver runs from, for re-registering it; null when the caller cannot say.</summary>
    public DriverLocation? Driver { get; init; }

    /// <summary>Repair what can be repaired safely.</summary>
    public bool Repair { get; init; }

    /// <summary>Stops the run between files and checks.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>The state folder, <c>.git/memory-bank</c>.</summary>
    public string StateDirectory => Repo.StateDir;

    /// <summary>The bank's entries, read on first use; requires a valid configuration.</summary>
    public BankScan Scan => _scan ??= BankScan.Read(BankDirectory ?? throw new InvalidOperationException("The bank folder is unknown: the configuration is invalid."), CancellationToken);
}
