using MemoryBank.Core.Config;
using MemoryBank.Core.Git;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Sync;

public sealed partial class MemorySync
{
    // Commits walked one by one for IncomingPersonas before git log is asked instead.
    private const int BankCommitWalkLimit = 64;

    private enum PushOutcome
    {
        Published,
        Rejected,
        Unreachable,
    }

    private SyncContext Open(string path, string? persona)
    {
        var repo = RepositoryInfo.Discover(_git, path);
        var config = ConfigLoader.Load(repo.Root);
        var git = _git.WithWorkingDirectory(repo.Root).WithNetworkTimeout(config.NetworkTimeout);
        var branch = RepositoryGuard.RequireSafeBranch(git, repo);
        var gitConfig = GitConfigSnapshot.Read(git);
        Directory.CreateDirectory(repo.StateDir);
        return new SyncContext
        {
            Repo = repo,
            Git = git,
            Objects = new GitObjects(git),
            Config = config,
            GitConfig = gitConfig,
            Branch = branch,
            Persona = PersonaResolver.Resolve(persona, gitConfig.Get),
            Host = Environment.MachineName,
            State = SyncState.Load(repo.StateDir),
        };
    }

    private static bool TryFetch(SyncContext context, List<string> warnings, CancellationToken cancellationToken)
    {
        try
        {
            context.Git.Run(
                ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", context.Config.Remote, $"+refs/heads/{context.Config.SyncBranch}:{context.RemoteTrackingRef}"],
                new GitRunOptions { Network = true },
                cancellationToken);
            return true;
        }
        catch (GitCommandException ex) when (ex.RemoteUnreachable || ex.TimedOut)
        {
            warnings.Add($"{context.SyncBranchDisplay} is unreachable ({FirstLine(ex.StandardError)}); working from local state.");
            return false;
        }
    }

    private static PushOutcome TryPush(SyncContext context, string commit, CancellationToken cancellationToken)
    {
        GitResult push;
        try
        {
            // Exit code 1 is a refused update; the porcelain status lines on stdout say why (stderr may only
            // say "failed to push some refs" when the user turned git's push advice off).
            push = context.Git.Run(
                ["push", "--quiet", "--porcelain", context.Config.Remote, $"{commit}:refs/heads/{context.Config.SyncBranch}"],
                new GitRunOptions { Network = true, AcceptedExitCodes = [1] },
                cancellationToken);
        }
        catch (GitCommandException ex) when (ex.RemoteUnreachable || ex.TimedOut)
        {
            return PushOutcome.Unreachable;
        }

        if (push.ExitCode == 0)
        {
            // Keep the remote-tracking ref in step even where the remote has no matching fetch refspec.
            context.Git.Run(["update-ref", context.RemoteTrackingRef, commit]);
            return PushOutcome.Published;
        }

        if (IsRaceRejection(push.StandardOutput) || IsRaceRejection(push.StandardError))
        {
            return PushOutcome.Rejected;
        }

        var detail = (push.StandardOutput.Trim() + "\n" + push.StandardError.Trim()).Trim();
        throw new GitCommandException($"git push {context.Config.Remote} {commit}:refs/heads/{context.Config.SyncBranch}", push.ExitCode, detail, timedOut: false, remoteUnreachable: false, context.Git.WorkingDirectory);
    }

    /// <summary>The push lost a race with another clone: the remote moved since the fetch.</summary>
    private static bool IsRaceRejection(string output) =>
        (output.Contains("rejected", StringComparison.OrdinalIgnoreCase) && !output.Contains("hook declined", StringComparison.OrdinalIgnoreCase))
        || output.Contains("fetch first", StringComparison.OrdinalIgnoreCase)
        || output.Contains("non-fast-forward", StringComparison.OrdinalIgnoreCase)
        || output.Contains("failed to update ref", StringComparison.OrdinalIgnoreCase)
        || output.Contains("cannot lock ref", StringComparison.OrdinalIgnoreCase);

    // The remote-tracking tip, the pending offline commit and the base the last sync recorded for this
    // branch, resolved in one git process; each null when absent.
    private static (string? Remote, string? Pending, string? RecordedBase) ResolveTips(SyncContext context)
    {
        var recorded = context.State.Bases.GetValueOrDefault(context.Branch);
        var resolved = context.Objects.TryResolveCommits(recorded is null ? [context.RemoteTrackingRef, PendingRef] : [context.RemoteTrackingRef, PendingRef, recorded]);
        return (resolved[0], resolved[1], recorded is null ? null : resolved[2]);
    }

    // The base the last sync recorded for this branch (resolved), else the merge base of HEAD and the remote tip.
    private static string? ResolveBase(SyncContext context, string? recorded, string remote)
    {
        if (recorded is not null)
        {
            return recorded;
        }

        var mergeBase = context.Git.Run(["merge-base", "HEAD", remote], new GitRunOptions { AcceptedExitCodes = [1] });
        return mergeBase.ExitCode == 0 ? mergeBase.Text : null;
    }

    /// <summary>
    /// Stamps latest-wins files this clone changed since the last sync with the time of the change (the
    /// file's last write) and this persona, so the later edit wins wherever the merge runs.
    /// </summary>
    private static BankSnapshot StampChangedLatestWinsFiles(SyncContext context, BankSnapshot baseBank, BankSnapshot workTree)
    {
        var result = workTree;
        foreach (var (path, bytes) in workTree.Files)
        {
            if (context.Config.PolicyFor(path)?.Strategy != MergeStrategyKind.Theirs || path.StartsWith(BankMerger.ConflictFolder + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = BankText.Decode(bytes, path);
            var before = baseBank.Get(path) is { } b ? BankText.Decode(b, path) : null;
            if (before is not null && StampLine.Strip(before) == StampLine.Strip(text))
            {
                continue;
            }

            var changedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(context.BankDirectory, path)), TimeSpan.Zero);
            var stamp = new UpdateStamp(new DateTimeOffset(changedAt.UtcTicks - (changedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero), context.Persona);

            // A file whose last write is its stamp's time is as the last sync wrote it (see MatchWriteTimeToStamp).
            var existing = UpdateStamp.TryRead(text);
            if (existing is not null && (existing.Updated == stamp.Updated || (UpdateStamp.Compare(existing, stamp) >= 0 && existing.By == context.Persona)))
            {
                continue;
            }

            result = result.With(path, BankText.Encode(StampLine.Apply(text, stamp)));
        }

        return result;
    }

    /// <summary>Moves conflict copies the merge driver left in <c>.git/memory-bank/conflicts</c> into the bank, so they are published.</summary>
    private static BankSnapshot CollectDriverConflictCopies(SyncContext context, BankSnapshot local)
    {
        var folder = Path.Combine(context.StateDirectory, "conflicts");
        if (!Directory.Exists(folder))
        {
            return local;
        }

        var result = local;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.'))
            {
                continue;
            }

            result = result.With($"{BankMerger.ConflictFolder}/{name}", File.ReadAllBytes(file));
        }

        return result;
    }

    /// <summary>
    /// Deletes the merge driver's conflict copies once the bank's <c>conflicts/</c> folder in the working tree
    /// holds them byte for byte; a run that fails before that keeps them for the next one.
    /// </summary>
    private static void DeleteCollectedDriverConflictCopies(SyncContext context)
    {
        var folder = Path.Combine(context.StateDirectory, "conflicts");
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var kept = Path.Combine(context.BankDirectory, BankMerger.ConflictFolder, Path.GetFileName(file));
            if (File.Exists(kept) && File.ReadAllBytes(kept).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
            {
                File.Delete(file);
            }
        }
    }

    private static List<FileChange> Changes(SyncContext context, BankSnapshot before, BankSnapshot after)
    {
        var changes = new List<FileChange>();
        var paths = new SortedSet<string>(before.Files.Keys, StringComparer.Ordinal);
        paths.UnionWith(after.Files.Keys);
        foreach (var path in paths)
        {
            var a = before.Get(path);
            var b = after.Get(path);
            if (a is not null && b is not null && a.AsSpan().SequenceEqual(b))
            {
                continue;
            }

            var strategy = context.Config.PolicyFor(path)?.Strategy ?? MergeStrategyKind.Union;
            int added, removed;
            try
            {
                (added, removed) = EntryDiff.Count(a is null ? null : BankText.Decode(a, path), b is null ? null : BankText.Decode(b, path), strategy);
            }
            catch (BankFileFormatException)
            {
                (added, removed) = (b is null ? 0 : 1, a is null ? 0 : 1);
            }

            if (added == 0 && removed == 0 && strategy == MergeStrategyKind.Theirs)
            {
                // A latest-wins rewrite inside one section still counts as a change.
                (added, removed) = (1, 1);
            }

            if (added > 0 || removed > 0)
            {
                changes.Add(new FileChange { File = path, Added = added, Removed = removed, From = [context.Persona] });
            }
        }

        return changes;
    }

    private static string SeedFilesText(string fileName) => SeedFiles.ContentFor(fileName) ?? string.Empty;

    private static string BuildPublishCommit(SyncContext context, string remote, BankSnapshot bank, string message, IReadOnlyDictionary<string, byte[]>? files = null)
    {
        var paths = bank.Files.Keys.ToArray();
        var ids = context.Objects.WriteBlobs(paths.Select(p => bank.Files[p]).ToArray(), Path.Combine(context.StateDirectory, "tmp"));
        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Length; i++)
        {
            blobs[paths[i]] = ids[i];
        }

        var bankTree = context.Objects.BuildTree(blobs);
        var tree = context.Objects.ReplaceSubtreeOf(remote, context.BankPath, bankTree);
        if (files is { Count: > 0 })
        {
            // Files outside the bank (a harvest's docs), each replaced on its own path.
            var docPaths = files.Keys.Order(StringComparer.Ordinal).ToArray();
            var docIds = context.Objects.WriteBlobs(docPaths.Select(p => files[p]).ToArray(), Path.Combine(context.StateDirectory, "tmp"));
            for (var i = 0; i < docPaths.Length; i++)
            {
                tree = context.Objects.ReplaceEntry(tree, docPaths[i], new TreeEntry("100644", "blob", docIds[i], string.Empty));
            }
        }

        return context.Objects.CommitTree(tree, [remote], message, context.Identity);
    }

    private static string? Headline(BankSnapshot bank)
    {
        if (bank.Get("activeContext.md") is not { } bytes)
        {
            return null;
        }

        string text;
        try
        {
            text = StampLine.Strip(BankText.Decode(bytes, "activeContext.md"));
        }
        catch (BankFileFormatException)
        {
            return null;
        }

        string? firstSection = null;
        var inSection = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                firstSection ??= line[3..].Trim();
                inSection = true;
                continue;
            }

            if (inSection && line.Length > 0 && !line.StartsWith('#'))
            {
                return line.TrimStart('-', '*', ' ');
            }
        }

        return firstSection;
    }

    /// <summary>Warnings for buffers at or over 80% of their harvest threshold.</summary>
    internal static IEnumerable<string> ThresholdWarnings(MemoryBankConfig config, BankSnapshot bank)
    {
        foreach (var policy in config.Files.Where(p => p.Harvest is not null))
        {
            if (bank.Get(policy.Name) is not { } bytes)
            {
                continue;
            }

            var count = HarvestCount(bytes, policy);
            var threshold = policy.Harvest!.Threshold;
            if (count * 5 >= threshold * 4)
            {
                var unit = policy.Harvest.Unit == HarvestUnit.Lines ? "lines" : "items";
                var state = count >= threshold ? "at or over harvest threshold: run Invoke-MemoryHarvest" : "near harvest threshold";
                yield return $"{policy.Name} {count}/{threshold} {unit}, {state}";
            }
        }
    }

    /// <summary>Lines (non-blank lines of entries, not the preamble) or items (entries) a buffer holds.</summary>
    internal static int HarvestCount(byte[] bytes, FilePolicy policy)
    {
        try
        {
            return HarvestPlanner.Count(DocumentParser.Parse(BankText.Decode(bytes, policy.Name)), policy.Harvest?.Unit ?? HarvestUnit.Lines);
        }
        catch (BankFileFormatException)
        {
            return 0;
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> IncomingPersonas(SyncContext context, string? from, string to)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (from is null || from == to)
        {
            return result;
        }

        var prefix = context.BankPath.TrimEnd('/') + "/";
        var sets = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (subject, files) in BankCommits(context, from, to))
        {
            var persona = SessionLogEntry.PersonaFromSubject(subject) ?? "git";
            foreach (var path in files.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var file = path[prefix.Length..];
                if (!sets.TryGetValue(file, out var set))
                {
                    sets[file] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(persona);
            }
        }

        foreach (var (file, set) in sets)
        {
            result[file] = set.ToArray();
        }

        return result;
    }

    // The commits in from..to that changed the bank (subject, changed paths): read object by object when the
    // range is a short chain of single-parent commits, as it is after other clones' saves; otherwise git log
    // decides, with its history simplification.
    private static IEnumerable<(string Subject, IReadOnlyList<string> Files)> BankCommits(SyncContext context, string from, string to)
    {
        var walked = new List<(string Subject, IReadOnlyList<string> Files)>();
        var current = to;
        for (var i = 0; i < BankCommitWalkLimit && current != from; i++)
        {
            var commit = context.Objects.ReadCommits([current])[0];
            if (commit.Parents.Count != 1)
            {
                break;
            }

            var files = context.Objects.ChangedFiles(commit.Parents[0], current, [context.BankPath]);
            if (files.Count > 0)
            {
                walked.Add((commit.Subject, files));
            }

            current = commit.Parents[0];
        }

        if (current == from)
        {
            return walked;
        }

        var output = context.Git.Run(["log", "--format=%x01%s", "--name-only", "--no-renames", $"{from}..{to}", "--", context.BankPath]).StandardOutput;
        var logged = new List<(string Subject, IReadOnlyList<string> Files)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('\u0001'))
            {
                logged.Add((line[1..], new List<string>()));
            }
            else if (logged.Count > 0)
            {
                ((List<string>)logged[^1].Files).Add(line);
            }
        }

        return logged;
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n');
        return (newline < 0 ? trimmed : trimmed[..newline]).Trim();
    }
}
