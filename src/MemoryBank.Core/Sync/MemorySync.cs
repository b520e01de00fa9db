using MemoryBank.Core.Config;
using MemoryBank.Core.Git;
using MemoryBank.Core.IO;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;

namespace MemoryBank.Core.Sync;

/// <summary>
/// Start, Save, Status and Add: the services behind Start-MemorySession, Save-MemorySession,
/// Get-MemorySyncStatus and Add-MemoryEntry, and the CLI's start, save, status and add verbs.
/// </summary>
/// <remarks>
/// The publish path never touches the user's index or work tree outside the bank: the commit is built
/// from object ids (<c>mktree</c>, <c>commit-tree</c>) on top of the remote tip and pushed by refspec,
/// then folded into the current branch (see <c>docs/architecture.md</c>).
/// </remarks>
public sealed partial class MemorySync
{
    /// <summary>The ref that holds a save made while offline, until it is published.</summary>
    public const string PendingRef = "refs/memory-bank/pending";

    private const int MaxPushAttempts = 6;

    private readonly GitClient _git;
    private readonly TimeProvider _clock;

    /// <summary>Creates the service; <paramref name="git"/> carries the timeouts and the verbose log.</summary>
    public MemorySync(GitClient git, TimeProvider? clock = null)
    {
        _git = git;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How long a run waits for another sync in the same clone before failing.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Fetches, merges remote bank changes into the working tree, and publishes a pending offline save.</summary>
    public SessionResult Start(SyncRequest request, CancellationToken cancellationToken = default) =>
        Run("Start", request, null, cancellationToken);

    /// <summary>Merges, then publishes this clone's bank as one commit on the sync branch.</summary>
    public SessionResult Save(SyncRequest request, CancellationToken cancellationToken = default) =>
        Run("Save", request, null, cancellationToken);

    private SessionResult Run(string operation, SyncRequest request, HarvestStage? harvest, CancellationToken cancellationToken)
    {
        var activity = operation switch { "Start" => "Start-MemorySession", "Save" => "Save-MemorySession", _ => "Invoke-MemoryHarvest" };
        void Report(string status, int percent) => request.Progress?.Report(new SyncProgress(activity, status, percent));

        Report("Reading the repository", 0);
        using var context = Open(request.Path, request.Persona);
        using var syncLock = SyncLock.Acquire(context.StateDirectory, LockWait, cancellationToken);
        var warnings = new List<string>();
        if (File.Exists(JournalPath(context)))
        {
            warnings.Add("The previous sync was interrupted; this run finished it (nothing was lost).");
        }

        var saving = operation == "Save";
        var offline = false;
        RecoverInterruptedDocs(context);

        // A save with edits to publish pushes before it fetches, so the usual save costs one round trip to
        // the remote instead of two. The push is refused when the remote moved since the last fetch; the save
        // then fetches and reads everything again, exactly as a save that fetched first.
        // Read once: fetching, and reading everything again after a refused push, leave the work tree alone.
        var workTree = BankSnapshot.FromWorkTree(context.BankDirectory);
        (string? Remote, string? Pending, string? RecordedBase)? tips = null;
        var optimistic = false;
        if (!request.LocalOnly && saving && harvest is null)
        {
            // Only when the bank was edited since the last sync: a save with nothing to publish (most Stop
            // hooks) fetches first, as it only takes in what others published.
            tips = ResolveTips(context);
            optimistic = tips.Value.Remote is not null && tips.Value.RecordedBase is { } recorded && tips.Value.Pending is null
                && !workTree.ContentEquals(context.BankAt(recorded));
        }

        void Fetch()
        {
            Report($"Fetching {context.SyncBranchDisplay}", 10);
            offline = !TryFetch(context, warnings, cancellationToken);
            tips = null;
        }

        if (!request.LocalOnly && !optimistic)
        {
            Fetch();
        }

        Report("Reading the bank", 25);
        var inputs = ReadInputs(context, request, tips ?? ResolveTips(context), workTree, saving, offline);
        if (optimistic && !inputs.Publish)
        {
            // Nothing to publish after all: the save only takes in what others published, which needs a fetch.
            optimistic = false;
            Fetch();
            inputs = ReadInputs(context, request, ResolveTips(context), workTree, saving, offline);
        }

        warnings.AddRange(operation == "Start" ? StartHealthWarnings(context, workTree) : []);
        var remote = inputs.Remote;
        var incoming = inputs.Incoming;
        BankMergeOutcome merged;
        var toPublish = BankSnapshot.Empty;
        var (publish, message) = (inputs.Publish, inputs.Message);
        IReadOnlyDictionary<string, byte[]> docs = inputs.Carried;
        string? published = null;
        string? pendingCommit = null;
        var attempt = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Report("Merging", 40);
            var remoteBank = context.BankAt(remote);
            merged = BankMerger.Merge(context.Config, inputs.BaseBank, inputs.Local, remoteBank);
            toPublish = merged.Result;
            docs = inputs.Carried;
            if (harvest is not null)
            {
                // Each attempt re-plans the harvest from what this run publishes without one, so a re-plan that
                // finds nothing left (another clone harvested first) acts like a start.
                Report("Planning the harvest", 50);
                (toPublish, var harvestDocs) = harvest.Apply(context, merged.Result, remote, _clock.GetUtcNow());
                docs = Combine(inputs.Carried, harvestDocs);
                publish = harvest.Plan is { IsEmpty: false } || inputs.Publish;
                message = harvest.CommitMessage(context) ?? inputs.Message;
                if (harvest.DryRun)
                {
                    break;
                }
            }

            if (!publish || (toPublish.ContentEquals(remoteBank) && docs.Count == 0))
            {
                break;
            }

            SecretGate(context, toPublish, remoteBank, inputs.Pending is null ? null : context.BankAt(inputs.Pending), docs, request.AllowSecretRules);
            var commit = BuildPublishCommit(context, remote, toPublish, message, docs);
            CrashPoint.Hit("after-commit");
            if (offline || request.LocalOnly)
            {
                pendingCommit = commit;
                break;
            }

            Report($"Publishing to {context.SyncBranchDisplay}", 60);
            var push = TryPush(context, commit, cancellationToken);
            if (push == PushOutcome.Published)
            {
                published = commit;
                CrashPoint.Hit("after-push");
                break;
            }

            if (push == PushOutcome.Unreachable)
            {
                offline = true;
                warnings.Add($"{context.SyncBranchDisplay} is unreachable; the save is kept locally and the next start or save publishes it.");
                pendingCommit = commit;
                break;
            }

            if (optimistic)
            {
                // Refused because this save pushed before fetching: fetch, and read everything again on the
                // fetched tip (the remote may already hold these edits, from a save killed after its push).
                optimistic = false;
                Fetch();
                if (offline)
                {
                    pendingCommit = commit;
                    break;
                }

                inputs = ReadInputs(context, request, ResolveTips(context), workTree, saving, offline);
                (remote, incoming, publish, message) = (inputs.Remote, inputs.Incoming, inputs.Publish, inputs.Message);
                continue;
            }

            // Rejected: someone published first. Refetch, re-merge on the new tip, and retry.
            attempt++;
            if (attempt >= MaxPushAttempts)
            {
                throw new MemoryBankException(
                    "PublishRejected",
                    $"Publishing to {context.SyncBranchDisplay} was rejected {attempt} times because other clones kept publishing first. Your bank is unchanged locally; run the save again in a moment.",
                    context.SyncBranchDisplay);
            }

            Thread.Sleep(Backoff(attempt));
            if (!TryFetch(context, warnings, cancellationToken))
            {
                offline = true;
                pendingCommit = commit;
                break;
            }

            remote = context.Objects.TryResolveCommit(context.RemoteTrackingRef)!;
            incoming = Changes(context, inputs.BaseBank, context.BankAt(remote));
        }

        Report("Updating the working tree", 80);
        var newBase = published ?? remote;
        var localResult = published is null && pendingCommit is null ? merged.Result : toPublish;
        if (harvest is not { DryRun: true })
        {
            var foldTarget = published ?? pendingCommit ?? remote;
            var written = published is null && pendingCommit is null ? new Dictionary<string, byte[]>() : docs;

            // A commit this run built on the base it started from brings no docs but its own.
            var builtOnBase = foldTarget != remote && inputs.BaseCommit == remote;
            var incomingDocs = builtOnBase ? new Dictionary<string, byte[]>() : IncomingDocs(context, inputs.BaseCommit, foldTarget);
            var fold = new FoldPlan(foldTarget, foldTarget == remote ? null : remote, newBase, pendingCommit, inputs.Pending is not null);
            ApplyLocally(context, workTree, localResult, fold, saving, Combine(incomingDocs, written), cancellationToken);
            DeleteCollectedDriverConflictCopies(context);
        }

        var headline = Headline(localResult);
        warnings.AddRange(ThresholdWarnings(context.Config, localResult));
        Report("Done", 100);
        var personas = operation == "Start" ? IncomingPersonas(context, inputs.BaseCommit, remote) : null;
        return new SessionResult
        {
            Operation = operation,
            Persona = context.Persona,
            Host = context.Host,
            Branch = context.Branch,
            SyncBranch = context.SyncBranchDisplay,
            Offline = offline,
            Published = published is not null,
            Commit = published ?? pendingCommit,
            Pending = pendingCommit is not null,
            UpToDate = published is null && pendingCommit is null && incoming.Count == 0 && (!saving || inputs.LocalChanges.Count == 0),
            Files = saving
                ? inputs.LocalChanges
                : incoming.Select(c => new FileChange { File = c.File, Added = c.Added, Removed = c.Removed, From = personas is not null && personas.TryGetValue(c.File, out var who) ? who : Array.Empty<string>() }).ToArray(),
            Warnings = warnings,
            Headline = headline,
            ConflictCopies = merged.ConflictCopies.Select(c => c.Path).ToArray(),
        };
    }

    // Everything a run reads before it merges: the tips, the base, this clone's bank (stamped, with a pending
    // offline save and the merge driver's conflict copies), what it changed, and, for a save, the SESSION_LOG
    // entry and commit message. Reads only: a save that pushed before fetching reads again after the fetch.
    private RunInputs ReadInputs(SyncContext context, SyncRequest request, (string? Remote, string? Pending, string? RecordedBase) tips, BankSnapshot workTree, bool saving, bool offline)
    {
        var remote = tips.Remote
            ?? throw new MemoryBankException(
                "SyncBranchNotFound",
                $"The sync branch {context.SyncBranchDisplay} does not exist{(offline ? " locally and the remote is unreachable" : string.Empty)}. Push it first ('git push {context.Config.Remote} {context.Config.SyncBranch}'), or set syncBranch in {MemoryBankConfig.FileName}.",
                context.SyncBranchDisplay);
        var pending = tips.Pending;
        var baseCommit = ResolveBase(context, tips.RecordedBase, remote);
        var carried = CarriedFiles(context, pending, remote);
        var baseBank = context.BankAt(baseCommit);
        var local = StampChangedLatestWinsFiles(context, baseBank, workTree);
        if (pending is not null && context.State.PendingBranch != context.Branch)
        {
            // The offline save was folded into another branch: bring its content along.
            local = BankMerger.Merge(context.Config, baseBank, context.BankAt(pending), local).Result;
        }

        local = CollectDriverConflictCopies(context, local);
        var localChanges = Changes(context, baseBank, local);

        // What this clone saved last: the pending offline commit, else the last sync. Edits up to there were
        // already logged (and deletions already allowed); a save killed after its push left edits that the
        // remote already holds. Neither is a new save: no second SESSION_LOG entry, no second commit.
        var lastSaved = pending is not null ? context.BankAt(pending) : baseBank;
        var remoteAtStart = context.BankAt(remote);
        var alreadyPublished = BankMerger.Merge(context.Config, baseBank, local, remoteAtStart).Result.ContentEquals(remoteAtStart);
        if (alreadyPublished && pending is null)
        {
            localChanges = [];
        }

        var publish = pending is not null || (saving && !alreadyPublished);
        if (saving && !alreadyPublished && !lastSaved.ContentEquals(local))
        {
            MassDeletionGuard.Check(context.Config, lastSaved, local, request.AllowDeletes);
            var sessionLog = SessionLogEntry.Format(_clock.GetUtcNow(), context.Persona, context.Host, context.Branch, Changes(context, lastSaved, local), request.Message);
            var logText = local.Get(SessionLogEntry.FileName) is { } existing ? BankText.Decode(existing, SessionLogEntry.FileName) : SeedFilesText(SessionLogEntry.FileName);
            local = local.With(SessionLogEntry.FileName, BankText.Encode(SessionLogEntry.Append(logText, sessionLog)));
            localChanges = Changes(context, baseBank, local);
        }

        var message = SessionLogEntry.CommitMessage(context.Persona, context.Host, context.Branch, localChanges, request.Message);
        var incoming = Changes(context, baseBank, remoteAtStart);
        return new RunInputs(remote, baseCommit, pending, carried, baseBank, local, localChanges, publish, message, incoming);
    }

    /// <summary>What <see cref="ReadInputs"/> read.</summary>
    private sealed record RunInputs(
        string Remote,
        string? BaseCommit,
        string? Pending,
        IReadOnlyDictionary<string, byte[]> Carried,
        BankSnapshot BaseBank,
        BankSnapshot Local,
        List<FileChange> LocalChanges,
        bool Publish,
        string Message,
        List<FileChange> Incoming);

    private void ApplyLocally(SyncContext context, BankSnapshot workTree, BankSnapshot result, FoldPlan fold, bool saving, IReadOnlyDictionary<string, byte[]> docs, CancellationToken cancellationToken)
    {
        var (foldTarget, newBase, pendingCommit) = (fold.Target, fold.NewBase, fold.PendingCommit);
        var journal = JournalPath(context);
        new SyncJournal(foldTarget, newBase, context.Branch, docs.Keys.Order(StringComparer.Ordinal).ToArray()).Write(journal);
        if (pendingCommit is not null)
        {
            context.Git.Run(["update-ref", "-m", "memory-bank: offline save", PendingRef, pendingCommit]);
        }

        var written = 0;
        foreach (var (path, bytes) in result.Files)
        {
            var current = workTree.Get(path);
            if (!BankSnapshot.SameBytes(current, bytes))
            {
                var file = Path.Combine(context.BankDirectory, path);
                AtomicFile.WriteAllBytes(file, bytes);
                MatchWriteTimeToStamp(context, path, file, bytes);
                if (++written == 1)
                {
                    CrashPoint.Hit("mid-worktree");
                }
            }
        }

        foreach (var path in workTree.Files.Keys.Where(p => result.Get(p) is null))
        {
            File.Delete(Path.Combine(context.BankDirectory, path));
        }

        foreach (var (path, bytes) in docs)
        {
            AtomicFile.WriteAllBytes(Path.Combine(context.Repo.Root, path), bytes);
            CrashPoint.Hit("mid-docs");
        }

        CrashPoint.Hit("after-worktree");
        cancellationToken.ThrowIfCancellationRequested();
        var foldMessage = $"memory-bank: sync bank from {context.SyncBranchDisplay} ({foldTarget[..Math.Min(12, foldTarget.Length)]})";
        BranchFolder.Fold(context.Git, context.Objects, context.Branch, context.Config.SyncBranch, [context.BankPath, .. docs.Keys.Order(StringComparer.Ordinal)], foldTarget, foldMessage, context.Identity, fold.TargetParent);
        CrashPoint.Hit("after-fold");

        if (pendingCommit is null)
        {
            if (fold.HadPending)
            {
                context.Git.Run(["update-ref", "-d", PendingRef], new GitRunOptions { AcceptedExitCodes = [1] });
            }

            context.State.PendingBranch = null;
        }
        else
        {
            context.State.PendingBranch = context.Branch;
        }

        var now = _clock.GetUtcNow();
        context.State.Bases[context.Branch] = newBase;
        context.State.LastSync = now;
        if (saving)
        {
            context.State.LastSave = now;
        }
        else
        {
            context.State.LastStart = now;
        }

        context.State.Save(context.StateDirectory);
        File.Delete(journal);
    }

    /// <summary>
    /// Gives a latest-wins file this run wrote its stamp's time as its last write time: the next run then
    /// sees it unedited and keeps the stamp, instead of restamping it with the time of the sync (which would
    /// let an older edit beat a newer one).
    /// </summary>
    private static void MatchWriteTimeToStamp(SyncContext context, string path, string file, byte[] bytes)
    {
        if (context.Config.PolicyFor(path)?.Strategy != MergeStrategyKind.Theirs || path.StartsWith(BankMerger.ConflictFolder + "/", StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            if (UpdateStamp.TryRead(BankText.Decode(bytes, path)) is { } stamp)
            {
                File.SetLastWriteTimeUtc(file, stamp.Updated.UtcDateTime);
            }
        }
        catch (BankFileFormatException)
        {
            // Not text MemoryBank stamps; the next run treats it like any edit.
        }
    }

    /// <summary>Where a run folds to, and what it knows about that commit.</summary>
    /// <param name="Target">The commit whose bank the branch takes: the publish commit, the pending commit, or the remote tip.</param>
    /// <param name="TargetParent">The parent of a commit this run built (bank and docs changes only); null for the remote tip.</param>
    /// <param name="NewBase">The merge base recorded for the next run.</param>
    /// <param name="PendingCommit">The commit kept for a later publish, or null.</param>
    /// <param name="HadPending">Whether the run started with a pending commit (so the ref may need deleting).</param>
    private sealed record FoldPlan(string Target, string? TargetParent, string NewBase, string? PendingCommit, bool HadPending);

    private static string JournalPath(SyncContext context) => Path.Combine(context.StateDirectory, "journal.json");

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(50, 150) * Math.Pow(2, attempt - 1));
}
