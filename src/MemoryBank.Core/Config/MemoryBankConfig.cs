namespace MemoryBank.Core.Config;

/// <summary>
/// The effective configuration of one repository: the defaults, overlaid with the repo-root
/// <c>.memorybank.json</c> when there is one. Immutable.
/// </summary>
public sealed class MemoryBankConfig
{
    /// <summary>The configuration file's name at the repository root.</summary>
    public const string FileName = ".memorybank.json";

    /// <summary>The default bank folder, relative to the repository root.</summary>
    public const string DefaultBankPath = ".claude/memory-bank";

    /// <summary>Creates a configuration.</summary>
    public MemoryBankConfig(
        string bankPath,
        string remote,
        string syncBranch,
        IReadOnlyList<FilePolicy> files,
        TimeSpan networkTimeout,
        double massDeletionShare,
        int massDeletionMinEntries,
        IReadOnlyList<string> allowedSecretRules,
        string? sourcePath)
    {
        BankPath = bankPath;
        Remote = remote;
        SyncBranch = syncBranch;
        Files = files;
        NetworkTimeout = networkTimeout;
        MassDeletionShare = massDeletionShare;
        MassDeletionMinEntries = massDeletionMinEntries;
        AllowedSecretRules = allowedSecretRules;
        SourcePath = sourcePath;
    }

    /// <summary>The bank folder relative to the repository root, with forward slashes.</summary>
    public string BankPath { get; }

    /// <summary>The remote that carries the sync branch.</summary>
    public string Remote { get; }

    /// <summary>The branch on <see cref="Remote"/> that bank changes are published to.</summary>
    public string SyncBranch { get; }

    /// <summary>The policies of the files named explicitly (defaults plus configured ones).</summary>
    public IReadOnlyList<FilePolicy> Files { get; }

    /// <summary>The timeout for each network git call (fetch, push).</summary>
    public TimeSpan NetworkTimeout { get; }

    /// <summary>The share of a union file's entries a save may delete outside a harvest before it refuses.</summary>
    public double MassDeletionShare { get; }

    /// <summary>The minimum number of deleted entries for the mass-deletion guard to apply.</summary>
    public int MassDeletionMinEntries { get; }

    /// <summary>Secret-guard rules allowed permanently.</summary>
    public IReadOnlyList<string> AllowedSecretRules { get; }

    /// <summary>The file this configuration was read from, or null when only defaults apply.</summary>
    public string? SourcePath { get; }

    /// <summary>The configuration used when a repository has no <c>.memorybank.json</c>.</summary>
    public static MemoryBankConfig CreateDefault() => new(
        DefaultBankPath,
        "origin",
        "main",
        DefaultPolicies(),
        TimeSpan.FromSeconds(30),
        0.5,
        10,
        Array.Empty<string>(),
        sourcePath: null);

    /// <summary>The built-in file policies.</summary>
    public static IReadOnlyList<FilePolicy> DefaultPolicies() => new[]
    {
        new FilePolicy("activeContext.md", MergeStrategyKind.Theirs, SyncTier.Session),
        new FilePolicy("patterns-buffer.md", MergeStrategyKind.Union, SyncTier.Daily,
            new HarvestPolicy(20, HarvestUnit.Lines, "Docs/03-Reference/Patterns.md", HarvestKind.Patterns)),
        new FilePolicy("lessons-buffer.md", MergeStrategyKind.Union, SyncTier.Daily,
            new HarvestPolicy(15, HarvestUnit.Lines, "Docs/06-PostMortems", HarvestKind.Lessons)),
        new FilePolicy("decisions-inbox.md", MergeStrategyKind.Union, SyncTier.Weekly,
            new HarvestPolicy(5, HarvestUnit.Items, "Docs/03-Reference/ADR", HarvestKind.Decisions)),
        new FilePolicy("SESSION_LOG.md", MergeStrategyKind.Union, SyncTier.Daily, Chronological: true),
    };

    /// <summary>
    /// The policy for a file in the bank: its explicit policy, else union for <c>*.md</c>, graph for
    /// <c>*.jsonl</c> and <c>*.json</c>, else null (the file is not merged by MemoryBank).
    /// </summary>
    /// <param name="relativeName">The path relative to the bank folder, with forward slashes.</param>
    public FilePolicy? PolicyFor(string relativeName)
    {
        foreach (var policy in Files)
        {
            if (string.Equals(policy.Name, relativeName, StringComparison.Ordinal))
            {
                return policy;
            }
        }

        var extension = Path.GetExtension(relativeName);
        if (extension.Equals(".md", StringComparison.OrdinalIgnoreCase))
        {
            return new FilePolicy(relativeName, MergeStrategyKind.Union, SyncTier.Daily);
        }

        if (extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase) || extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return new FilePolicy(relativeName, MergeStrategyKind.Graph, SyncTier.Daily);
        }

        return null;
    }
}
