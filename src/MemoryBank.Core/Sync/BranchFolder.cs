using System.Text;
using MemoryBank.Core.Git;

namespace MemoryBank.Core.Sync;

/// <summary>
/// Makes the current branch carry a bank state without touching anything else: fast-forward when the
/// branch is the sync branch and only the bank differs, else one bank-only commit built from HEAD's tree.
/// Then the index's bank entries are set to match, so the bank is clean and staged code stays staged.
/// </summary>
internal static class BranchFolder
{
    // Commits read looking for HEAD behind the target before git is asked instead.
    private const int AncestorWalkLimit = 64;

    /// <summary>Folds the bank of <paramref name="target"/> into <paramref name="branch"/>; returns the new HEAD.</summary>
    public static string Fold(GitClient git, GitObjects objects, string branch, string syncBranch, string bankPath, string target, string message, IReadOnlyDictionary<string, string>? identity) =>
        Fold(git, objects, branch, syncBranch, [bankPath], target, message, identity);

    /// <summary>
    /// Folds the entries at <paramref name="paths"/> (the bank folder first, then any files a harvest
    /// wrote) of <paramref name="target"/> into <paramref name="branch"/>; returns the new HEAD.
    /// </summary>
    /// <param name="git">Runs git in the repository.</param>
    /// <param name="objects">Reads and writes objects.</param>
    /// <param name="branch">The current branch.</param>
    /// <param name="syncBranch">The sync branch's name.</param>
    /// <param name="paths">The bank folder, then any files a harvest wrote.</param>
    /// <param name="target">The commit whose entries the branch should carry.</param>
    /// <param name="message">The message of a fold commit.</param>
    /// <param name="identity">Author and committer when the clone has none configured.</param>
    /// <param name="targetParent">
    /// The parent of <paramref name="target"/> when the caller built it to change only <paramref name="paths"/>
    /// (a publish commit): a branch at that parent can follow without git comparing the two.
    /// </param>
    public static string Fold(GitClient git, GitObjects objects, string branch, string syncBranch, IReadOnlyList<string> paths, string target, string message, IReadOnlyDictionary<string, string>? identity, string? targetParent = null)
    {
        var resolved = objects.TryResolve(["HEAD", "HEAD^{tree}"]);
        var head = resolved[0] ?? throw new MemoryBankException("GitObjectMissing", $"HEAD of branch {branch} does not resolve to a commit. Run 'git status' to check the repository.", branch);
        var headTree = resolved[1]!;
        var newHead = head;

        // On the sync branch, follow the target whenever nothing but bank commits would be left behind, even
        // when the bank is already equal (an offline save that another branch published).
        if (branch == syncBranch && head != target && (head == targetParent || OnlyPathsDiffer(git, objects, head, target, paths)))
        {
            newHead = target;
        }
        else
        {
            var tree = headTree;
            foreach (var path in paths)
            {
                var wanted = objects.TryGetEntry(target, path);
                var current = objects.TryGetEntry(head, path);
                if (wanted?.Id != current?.Id || wanted?.Mode != current?.Mode)
                {
                    tree = objects.ReplaceEntry(tree, path, wanted);
                }
            }

            if (tree != headTree)
            {
                newHead = objects.CommitTree(tree, [head], message, identity);
            }
        }

        if (newHead != head)
        {
            CrashPoint.Hit("before-fold");
            git.Run(["update-ref", "-m", FirstLine(message), "refs/heads/" + branch, newHead, head]);
        }

        foreach (var path in paths)
        {
            SyncIndex(git, objects, path, newHead);
        }

        return newHead;
    }

    /// <summary>Sets the index's entries under <paramref name="bankPath"/> to those of <paramref name="commit"/>, leaving all other entries alone.</summary>
    public static void SyncIndex(GitClient git, GitObjects objects, string bankPath, string commit)
    {
        var wanted = objects.ListBlobs(commit, bankPath);
        var indexed = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = git.Run(["ls-files", "-s", "-z", "--", bankPath]).StandardOutput;
        foreach (var record in stages.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // <mode> SP <object> SP <stage> TAB <file>
            var tab = record.IndexOf('\t');
            var meta = record[..tab].Split(' ');
            indexed[record[(tab + 1)..]] = meta[2] == "0" ? meta[1] : "conflict";
        }

        var input = new StringBuilder();
        foreach (var (path, id) in wanted)
        {
            if (!indexed.TryGetValue(path, out var current) || current != id)
            {
                input.Append("100644 ").Append(id).Append('\t').Append(path).Append('\0');
            }
        }

        var zero = new string('0', wanted.Values.FirstOrDefault()?.Length ?? 40);
        foreach (var path in indexed.Keys.Where(p => !wanted.ContainsKey(p)))
        {
            input.Append("0 ").Append(zero).Append('\t').Append(path).Append('\0');
        }

        if (input.Length > 0)
        {
            git.Run(["update-index", "-z", "--index-info"], new GitRunOptions { StandardInput = Encoding.UTF8.GetBytes(input.ToString()) });
        }
    }

    /// <summary>
    /// True when moving the branch from <paramref name="head"/> to <paramref name="target"/> loses nothing: the code
    /// is the same on both, and the only commits the branch has that the target lacks are MemoryBank's own
    /// bank-only commits (an offline save, now published on a newer remote tip, and earlier folds), whose
    /// content the target carries merged. Otherwise a fold commit keeps the branch's history.
    /// </summary>
    private static bool OnlyPathsDiffer(GitClient git, GitObjects objects, string head, string target, IReadOnlyList<string> paths)
    {
        bool Covered(string path) => paths.Any(p => path == p || path.StartsWith(p.TrimEnd('/') + "/", StringComparison.Ordinal));
        if (!objects.ChangedFiles(head, target, []).All(Covered))
        {
            return false;
        }

        // The usual case: the target was built on the branch (another clone's save), so it lacks nothing.
        if (objects.IsAncestorWithin(head, target, AncestorWalkLimit) == true)
        {
            return true;
        }

        var ahead = git.Run(["log", "-m", "--format=%x01%s", "--name-only", "--no-renames", $"{target}..{head}"]).StandardOutput;
        foreach (var line in ahead.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var ok = line.StartsWith('\u0001')
                ? line.StartsWith("\u0001memory-bank: ", StringComparison.Ordinal)
                : Covered(line);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n');
        return newline < 0 ? message : message[..newline];
    }
}
