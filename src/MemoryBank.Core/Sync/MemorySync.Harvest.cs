using MemoryBank.Core.Git;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.IO;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Secrets;

namespace MemoryBank.Core.Sync;

public sealed partial class MemorySync
{
    /// <summary>
    /// Syncs like start, moves buffered entries into Patterns.md, post-mortems and numbered ADRs, and
    /// publishes the doc changes and the buffer removals as one commit on the sync branch, over the same
    /// publish path as save. A rejected push refetches and re-plans on the new state.
    /// </summary>
    public HarvestResult Harvest(HarvestRequest request, CancellationToken cancellationToken = default)
    {
        var stage = new HarvestStage(request.Force, request.DryRun, request.ConfirmDecision);
        var sync = new SyncRequest
        {
            Path = request.Path,
            Persona = request.Persona,
            LocalOnly = request.NoPublish || request.DryRun,
            AllowSecretRules = request.AllowSecretRules,
            Progress = request.Progress,
        };
        var session = Run("Harvest", sync, stage, cancellationToken);
        var plan = stage.Plan;
        return new HarvestResult
        {
            Items = plan?.Items ?? [],
            Notes = plan?.Notes ?? [],
            DryRun = request.DryRun,
            Published = session.Published,
            Pending = session.Pending,
            Commit = session.Commit,
            Session = session,
        };
    }

    private static IReadOnlyDictionary<string, byte[]> Combine(IReadOnlyDictionary<string, byte[]> first, IReadOnlyDictionary<string, byte[]> second)
    {
        if (first.Count == 0)
        {
            return second;
        }

        var combined = new Dictionary<string, byte[]>(first, StringComparer.Ordinal);
        foreach (var (path, bytes) in second)
        {
            combined[path] = bytes;
        }

        return combined;
    }

    /// <summary>
    /// Refuses to publish anything that matches a high-confidence secret pattern. Only lines that are new are
    /// scanned: lines the remote already has are published already, and lines of the pending offline commit
    /// passed this gate when that save ran (with the rules it allowed).
    /// </summary>
    private static void SecretGate(SyncContext context, BankSnapshot bank, BankSnapshot remoteBank, BankSnapshot? pendingBank, IReadOnlyDictionary<string, byte[]> docs, IReadOnlyCollection<string> allowedThisRun)
    {
        var allowed = context.Config.AllowedSecretRules.Concat(allowedThisRun).ToArray();
        var files = new List<(string Path, string Text, IReadOnlyList<string> Vetted)>();
        foreach (var (path, bytes) in bank.Files)
        {
            var remoteBytes = remoteBank.Get(path);
            var pendingBytes = pendingBank?.Get(path);
            if (BankSnapshot.SameBytes(remoteBytes, bytes) || BankSnapshot.SameBytes(pendingBytes, bytes))
            {
                continue;
            }

            var vetted = new List<string>();
            foreach (var earlier in new[] { remoteBytes, pendingBytes })
            {
                if (earlier is not null && TryDecode(earlier, path) is { } text)
                {
                    vetted.Add(text);
                }
            }

            var name = $"{context.BankPath}/{path}";
            files.Add((name, BankText.Decode(bytes, name), vetted));
        }

        foreach (var (path, bytes) in docs)
        {
            files.Add((path, BankText.Decode(bytes, path), []));
        }

        SecretScanner.Guard(files, allowed);
    }

    private static string? TryDecode(byte[] bytes, string path)
    {
        try
        {
            return BankText.Decode(bytes, path);
        }
        catch (BankFileFormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Files outside the bank that a pending offline commit changed (a harvest made with --no-publish):
    /// they travel with the next publish, as long as the sync branch did not change them meanwhile.
    /// </summary>
    private static IReadOnlyDictionary<string, byte[]> CarriedFiles(SyncContext context, string? pending, string remote)
    {
        var carried = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (pending is null || context.Objects.TryResolveCommit(pending + "^") is not { } parent)
        {
            return carried;
        }

        var prefix = context.BankPath.TrimEnd('/') + "/";
        var changed = context.Objects.ChangedFiles(parent, pending, [])
            .Where(p => !p.StartsWith(prefix, StringComparison.Ordinal))
            .ToArray();
        foreach (var path in changed)
        {
            var before = context.Objects.TryGetEntry(parent, path);
            var upstream = context.Objects.TryGetEntry(remote, path);
            if (before?.Id != upstream?.Id)
            {
                throw new MemoryBankException(
                    "PendingHarvestConflict",
                    $"The unpublished harvest changed {path}, and {context.SyncBranchDisplay} changed it too since. Nothing was published. Delete the pending commit ('git update-ref -d {PendingRef}') and run the harvest again on the new state.",
                    path);
            }

            if (context.Objects.TryGetEntry(pending, path) is { } entry)
            {
                carried[path] = context.Objects.ReadBlobs([entry.Id])[entry.Id];
            }
        }

        return carried;
    }

    /// <summary>
    /// The harvest documents that arrive with <paramref name="target"/>: files under a harvest target that
    /// changed between <paramref name="baseCommit"/> and <paramref name="target"/> (a harvest from any clone,
    /// this one's included), which this branch and working tree leave as they were (or already hold as in
    /// <paramref name="target"/>). They are written and folded with the bank, so that the run that removes
    /// harvested entries from the buffers also brings the documents they went to, and a sync branch with
    /// nothing else of its own fast-forwards.
    /// </summary>
    /// <remarks>
    /// A document the branch changed, or that has uncommitted changes, is left for git to merge; a deleted one
    /// too.
    /// </remarks>
    private static IReadOnlyDictionary<string, byte[]> IncomingDocs(SyncContext context, string? baseCommit, string target)
    {
        var incoming = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var targets = context.Config.Files.Where(p => p.Harvest is not null).Select(p => p.Harvest!.Target.Trim('/')).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (baseCommit is null || baseCommit == target || targets.Length == 0)
        {
            return incoming;
        }

        var changed = context.Objects.ChangedFiles(baseCommit, target, targets);
        foreach (var path in changed)
        {
            var wanted = context.Objects.TryGetEntry(target, path);
            var head = context.Objects.TryGetEntry("HEAD", path);
            if (wanted is not { Type: "blob" }
                || (head?.Id != context.Objects.TryGetEntry(baseCommit, path)?.Id && head?.Id != wanted.Id)
                || context.Git.Run(["status", "--porcelain", "-z", "--", path]).StandardOutput.Length > 0)
            {
                continue;
            }

            incoming[path] = context.Objects.ReadBlobs([wanted.Id])[wanted.Id];
        }

        return incoming;
    }

    /// <summary>
    /// Finishes the docs part of a sync that was killed after publishing: writes the journal's files from the
    /// published commit (where the working tree still holds the branch's version) and folds them.
    /// </summary>
    private static void RecoverInterruptedDocs(SyncContext context)
    {
        var journal = SyncJournal.TryRead(JournalPath(context));
        if (journal is null || journal.Files.Count == 0 || journal.Branch != context.Branch || context.Objects.TryResolveCommit(journal.Fold) is null)
        {
            return;
        }

        foreach (var path in journal.Files)
        {
            var target = context.Objects.TryGetEntry(journal.Fold, path);
            var head = context.Objects.TryGetEntry("HEAD", path);
            var file = Path.Combine(context.Repo.Root, path);
            var onDisk = File.Exists(file) ? File.ReadAllBytes(file) : null;
            var headBytes = head is null ? null : context.Objects.ReadBlobs([head.Id])[head.Id];
            var untouched = BankSnapshot.SameBytes(onDisk, headBytes);
            if (target is not null && untouched)
            {
                AtomicFile.WriteAllBytes(file, context.Objects.ReadBlobs([target.Id])[target.Id]);
            }
        }

        BranchFolder.Fold(context.Git, context.Objects, context.Branch, context.Config.SyncBranch, journal.Files, journal.Fold, $"memory-bank: finish interrupted harvest ({journal.Fold[..Math.Min(12, journal.Fold.Length)]})", context.Identity);
    }
}

/// <summary>What Invoke-MemoryHarvest / <c>memory-bank harvest</c> should do.</summary>
public sealed class HarvestRequest
{
    /// <summary>A folder inside the repository.</summary>
    public required string Path { get; init; }

    /// <summary>The persona; null resolves as for sync.</summary>
    public string? Persona { get; init; }

    /// <summary>Harvest buffers below their threshold too.</summary>
    public bool Force { get; init; }

    /// <summary>Plan only: change nothing, locally or on the remote, and do not fetch.</summary>
    public bool DryRun { get; init; }

    /// <summary>Commit locally as a pending publish, for review before the next save.</summary>
    public bool NoPublish { get; init; }

    /// <summary>Asked once per decision before its ADR is created; null accepts all. False keeps it in the inbox.</summary>
    public Func<HarvestItem, bool>? ConfirmDecision { get; init; }

    /// <summary>Secret-guard rules to allow for this run.</summary>
    public IReadOnlyCollection<string> AllowSecretRules { get; init; } = Array.Empty<string>();

    /// <summary>Receives progress.</summary>
    public IProgress<SyncProgress>? Progress { get; init; }
}

/// <summary>The outcome of a harvest. Property names match the CLI's <c>--json</c> fields.</summary>
public sealed class HarvestResult
{
    /// <summary>One item per harvested entry: source file, entry, target file, ADR number.</summary>
    public required IReadOnlyList<HarvestItem> Items { get; init; }

    /// <summary>Buffers skipped and why, decisions left in the inbox.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Only planned; nothing changed.</summary>
    public bool DryRun { get; init; }

    /// <summary>The harvest was published to the sync branch.</summary>
    public bool Published { get; init; }

    /// <summary>The harvest is committed locally and waits to be published.</summary>
    public bool Pending { get; init; }

    /// <summary>The harvest commit, if one was made.</summary>
    public string? Commit { get; init; }

    /// <summary>The sync that carried the harvest.</summary>
    public required SessionResult Session { get; init; }
}
