using MemoryBank.Core.Config;
using MemoryBank.Core.Git;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// The service behind <c>Test-MemoryBank</c> and <c>memory-bank check</c>: runs every health check on a
/// clone and, when asked, repairs what can be repaired safely. Checks and repairs are described in
/// <c>docs/health-checks.md</c>.
/// </summary>
/// <remarks>
/// Each check reports independently: one that cannot run (an unreadable folder, say) fails with the
/// reason and the others still run. Repairs never touch bank content, never use the network and never
/// commit; each one is an atomic file write, a file deletion, a mode change or a git config entry.
/// </remarks>
public sealed class HealthChecker
{
    private readonly GitClient _git;
    private readonly IReadOnlyList<HealthCheck> _checks =
    [
        new ConfigCheck(),
        new BankFilesCheck(),
        new ConflictMarkersCheck(),
        new GitAttributesCheck(),
        new DriversCheck(),
        new LockCheck(),
        new JournalCheck(),
        new DoubleHarvestCheck(),
        new ConflictCopiesCheck(),
        new PermissionsCheck(),
    ];

    /// <summary>Creates a checker that runs git through <paramref name="git"/>.</summary>
    public HealthChecker(GitClient git)
    {
        _git = git;
    }

    /// <summary>Runs every check on the clone containing <paramref name="path"/>, without a driver location for repairs.</summary>
    /// <inheritdoc cref="Run(string, bool, DriverLocation?, CancellationToken)"/>
    public IReadOnlyList<CheckResult> Run(string path, bool repair, CancellationToken cancellationToken = default) =>
        Run(path, repair, driver: null, cancellationToken);

    /// <summary>Runs every check on the clone containing <paramref name="path"/>, one result per check in <see cref="CheckNames.All"/> order.</summary>
    /// <param name="path">A folder inside the clone.</param>
    /// <param name="repair">Repair what can be repaired safely; the results then describe the state after the repair.</param>
    /// <param name="driver">Where the merge driver runs from, used to re-register broken drivers; null leaves them to <c>init</c>.</param>
    /// <param name="cancellationToken">Stops the run between files and checks.</param>
    /// <exception cref="NotARepositoryException">The path is not in a git work tree: nothing can be checked.</exception>
    public IReadOnlyList<CheckResult> Run(string path, bool repair, DriverLocation? driver, CancellationToken cancellationToken = default)
    {
        var repo = RepositoryInfo.Discover(_git, path);
        var context = CreateContext(repo, repair, driver, cancellationToken);
        var results = new List<CheckResult>(_checks.Count);
        foreach (var check in _checks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(RunOne(check, context));
        }

        return results;
    }

    private CheckContext CreateContext(RepositoryInfo repo, bool repair, DriverLocation? driver, CancellationToken cancellationToken)
    {
        MemoryBankConfig? config = null;
        string? bankDirectory = null;
        MemoryBankException? problem = null;
        try
        {
            config = ConfigLoader.Load(repo.Root);
            bankDirectory = BankPaths.Resolve(repo.Root, config.BankPath);
        }
        catch (MemoryBankException ex)
        {
            (config, problem) = (null, ex);
        }
        catch (IOException ex)
        {
            (config, problem) = (null, new MemoryBankException("ConfigUnreadable", $"{MemoryBankConfig.FileName} cannot be read: {ex.Message}", Path.Combine(repo.Root, MemoryBankConfig.FileName), ex));
        }
        catch (UnauthorizedAccessException ex)
        {
            (config, problem) = (null, new MemoryBankException("ConfigUnreadable", $"{MemoryBankConfig.FileName} cannot be read: {ex.Message}", Path.Combine(repo.Root, MemoryBankConfig.FileName), ex));
        }

        return new CheckContext
        {
            Repo = repo,
            Git = _git.WithWorkingDirectory(repo.Root),
            Config = config,
            ConfigProblem = problem,
            BankDirectory = bankDirectory,
            Driver = driver,
            Repair = repair,
            CancellationToken = cancellationToken,
        };
    }

    private static CheckResult RunOne(HealthCheck check, CheckContext context)
    {
        string reason;
        try
        {
            return check.Run(context);
        }
        catch (MemoryBankException ex)
        {
            reason = ex.Message;
        }
        catch (IOException ex)
        {
            reason = ex.Message;
        }
        catch (UnauthorizedAccessException ex)
        {
            reason = ex.Message;
        }

        return new CheckResult
        {
            Name = check.Name,
            Status = CheckStatus.Fail,
            Detail = $"The check could not run: {reason}",
            Fix = "Fix the cause named above (often a permission or an unreadable file), then run the check again.",
        };
    }
}
