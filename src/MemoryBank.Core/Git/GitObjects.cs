using System.Text;

namespace MemoryBank.Core.Git;

/// <summary>
/// Object-level git plumbing used to build bank-only commits without touching the work tree or the
/// user's index: reading trees and blobs, writing blobs and trees, and committing. Every read goes
/// through one <c>git cat-file --batch-command</c> process, started on the first read and ended by
/// <see cref="Dispose"/>.
/// </summary>
public sealed class GitObjects : IDisposable
{
    private readonly GitClient _git;
    private readonly Dictionary<(string Commit, string Path), IReadOnlyDictionary<string, string>> _listings = [];
    private GitObjectStream? _stream;

    /// <summary>Creates the helper over <paramref name="git"/> (which runs in the repository root).</summary>
    public GitObjects(GitClient git)
    {
        _git = git;
    }

    private GitObjectStream Stream => _stream ??= GitObjectStream.Start(_git);

    /// <summary>Ends the reading process, if one was started.</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }

    /// <summary>Resolves <paramref name="revision"/> to a commit id, or null when it does not exist.</summary>
    public string? TryResolveCommit(string revision)
    {
        return TryResolveCommits([revision])[0];
    }

    /// <summary>
    /// Resolves several revisions to commit ids in one request: one id per
    /// revision, in order, null where a revision does not exist or is not a commit.
    /// </summary>
    public IReadOnlyList<string?> TryResolveCommits(IReadOnlyList<string> revisions)
    {
        var objects = Stream.Info(revisions.Select(r => r.Length == 0 ? r : r + "^{commit}").ToArray());
        return objects.Select(o => o is { Type: "commit" } ? o.Id : null).ToArray();
    }

    /// <summary>
    /// Resolves revisions (<c>HEAD</c>, <c>HEAD^{tree}</c>, <c>commit:path</c>) to object ids of any type, in
    /// order; null where a revision does not exist.
    /// </summary>
    public IReadOnlyList<string?> TryResolve(IReadOnlyList<string> revisions) =>
        Stream.Info(revisions).Select(o => o?.Id).ToArray();

    /// <summary>Resolves <c>commit:path</c> to a tree id, or null when the path is absent.</summary>
    public string? TryResolveTree(string commit, string path)
    {
        var tree = Stream.Info([$"{commit}:{path}"])[0];
        return tree is { Type: "tree" } ? tree.Id : null;
    }

    /// <summary>Lists the blobs under <paramref name="path"/> in <paramref name="commit"/>: repository path → object id.</summary>
    public IReadOnlyDictionary<string, string> ListBlobs(string commit, string path)
    {
        // A commit named by its id never changes, so its listing is read once per run.
        path = path.Trim('/');
        var immutable = commit.Length is 40 or 64 && commit.All(char.IsAsciiHexDigitLower);
        if (immutable && _listings.TryGetValue((commit, path), out var listed))
        {
            return listed;
        }

        var result = ReadListing(commit, path);
        if (immutable)
        {
            _listings[(commit, path)] = result;
        }

        return result;
    }

    // What `git ls-tree -r --full-tree <commit> -- <path>` lists, read tree by tree: one request per level.
    private Dictionary<string, string> ReadListing(string commit, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        _git.Log($"(cat-file) list the blobs of {commit}:{path}");
        var top = Stream.Info([$"{commit}:{path}"])[0];
        if (top is { Type: "blob" })
        {
            result[path] = top.Id;
            return result;
        }

        var level = top is { Type: "tree" } ? new List<(string Path, string Id)> { (path, top.Id) } : [];
        while (level.Count > 0)
        {
            var trees = ReadExistingTrees(level.Select(t => t.Id).ToArray());
            var next = new List<(string Path, string Id)>();
            for (var i = 0; i < level.Count; i++)
            {
                foreach (var entry in trees[i])
                {
                    var entryPath = level[i].Path.Length == 0 ? entry.Name : level[i].Path + "/" + entry.Name;
                    if (entry.Type == "tree")
                    {
                        next.Add((entryPath, entry.Id));
                    }
                    else if (entry.Type == "blob")
                    {
                        result[entryPath] = entry.Id;
                    }
                }
            }

            level = next;
        }

        return result;
    }

    private static MemoryBankException Missing(string id) =>
        new("GitObjectMissing", $"git object {id} is missing from the repository. Run 'git fsck' and fetch again.", id);

    /// <summary>Reads blobs by id in one request.</summary>
    public IReadOnlyDictionary<string, byte[]> ReadBlobs(IEnumerable<string> objectIds)
    {
        var ids = objectIds.Distinct(StringComparer.Ordinal).ToArray();
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (ids.Length == 0)
        {
            return result;
        }

        var objects = Stream.Contents(ids);
        for (var i = 0; i < ids.Length; i++)
        {
            result[ids[i]] = objects[i]?.Content.ToArray() ?? throw Missing(ids[i]);
        }

        return result;
    }

    /// <summary>Writes blobs into the object database exactly as given (no filters) and returns their ids, in order.</summary>
    public IReadOnlyList<string> WriteBlobs(IReadOnlyList<byte[]> contents, string scratchFolder)
    {
        if (contents.Count == 0)
        {
            return Array.Empty<string>();
        }

        Directory.CreateDirectory(scratchFolder);
        var files = new List<string>(contents.Count);
        try
        {
            for (var i = 0; i < contents.Count; i++)
            {
                var file = Path.Combine(scratchFolder, $"blob-{Environment.ProcessId}-{i}");
                File.WriteAllBytes(file, contents[i]);
                files.Add(file);
            }

            var input = Encoding.UTF8.GetBytes(string.Join('\n', files) + "\n");
            var output = _git.Run(["hash-object", "-w", "--no-filters", "--stdin-paths"], new GitRunOptions { StandardInput = input }).StandardOutput;
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            foreach (var file in files)
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Lists one tree level: name → (mode, type, id).</summary>
    public IReadOnlyList<TreeEntry> ReadTree(string treeId)
    {
        return ReadExistingTrees([treeId])[0];
    }

    /// <summary>
    /// Reads tree objects by revision (<c>commit^{tree}</c>, <c>commit:folder</c>) in one request: each one's
    /// id and entries, or null where the revision is missing or not a tree.
    /// </summary>
    public IReadOnlyList<(string Id, IReadOnlyList<TreeEntry> Entries)?> ReadTrees(IReadOnlyList<string> revisions)
    {
        var result = new (string Id, IReadOnlyList<TreeEntry> Entries)?[revisions.Count];
        if (revisions.Count == 0)
        {
            return result;
        }

        var objects = Stream.Contents(revisions);
        for (var i = 0; i < revisions.Count; i++)
        {
            if (objects[i] is { Type: "tree" } tree)
            {
                result[i] = (tree.Id, ParseTree(tree.Content.Span, tree.Id.Length / 2));
            }
        }

        return result;
    }

    // The entries of trees that must exist, named by ids read from other objects: a missing one means the
    // repository is broken.
    private IReadOnlyList<TreeEntry>[] ReadExistingTrees(IReadOnlyList<string> ids) =>
        ReadTrees(ids).Select((tree, i) => tree?.Entries ?? throw Missing(ids[i])).ToArray();

    // A tree object's raw content: entries of "<mode> <name>\0<id bytes>", the mode in octal without a
    // leading zero ("40000" for a folder).
    private static List<TreeEntry> ParseTree(ReadOnlySpan<byte> content, int idBytes)
    {
        var entries = new List<TreeEntry>();
        while (!content.IsEmpty)
        {
            var space = content.IndexOf((byte)' ');
            var nul = content.IndexOf((byte)0);
            if (space < 0 || nul < space || nul + 1 + idBytes > content.Length)
            {
                throw new MemoryBankException("GitObjectCorrupt", "A tree object could not be read. Run 'git fsck'.", string.Empty);
            }

            var mode = Encoding.ASCII.GetString(content[..space]).PadLeft(6, '0');
            var name = Encoding.UTF8.GetString(content[(space + 1)..nul]);
            var id = Convert.ToHexString(content.Slice(nul + 1, idBytes)).ToLowerInvariant();
            var type = mode switch { "040000" => "tree", "160000" => "commit", _ => "blob" };
            entries.Add(new TreeEntry(mode, type, id, name));
            content = content[(nul + 1 + idBytes)..];
        }

        return entries;
    }

    /// <summary>Writes a tree with <c>git mktree</c> and returns its id.</summary>
    public string MakeTree(IEnumerable<TreeEntry> entries)
    {
        var builder = new StringBuilder();
        foreach (var entry in entries)
        {
            builder.Append(entry.Mode).Append(' ').Append(entry.Type).Append(' ').Append(entry.Id).Append('\t').Append(entry.Name).Append('\0');
        }

        return _git.Run(["mktree", "-z"], new GitRunOptions { StandardInput = Encoding.UTF8.GetBytes(builder.ToString()) }).Text;
    }

    /// <summary>Builds a nested tree from bank-relative paths and blob ids; returns null for an empty set.</summary>
    public string? BuildTree(IReadOnlyDictionary<string, string> blobsByRelativePath)
    {
        if (blobsByRelativePath.Count == 0)
        {
            return null;
        }

        var entries = new List<TreeEntry>();
        foreach (var group in blobsByRelativePath.GroupBy(p => p.Key.Contains('/') ? p.Key[..p.Key.IndexOf('/')] : string.Empty))
        {
            if (group.Key.Length == 0)
            {
                entries.AddRange(group.Select(p => new TreeEntry("100644", "blob", p.Value, p.Key)));
            }
            else
            {
                var children = group.ToDictionary(p => p.Key[(group.Key.Length + 1)..], p => p.Value, StringComparer.Ordinal);
                entries.Add(new TreeEntry("040000", "tree", BuildTree(children)!, group.Key));
            }
        }

        return MakeTree(entries);
    }

    /// <summary>
    /// Returns the id of <paramref name="rootTree"/> with the subtree at <paramref name="path"/> replaced
    /// by <paramref name="subtree"/> (removed when null). Only the trees on the path are rewritten, so the
    /// cost does not grow with the size of the code tree.
    /// </summary>
    public string ReplaceSubtree(string rootTree, string path, string? subtree) =>
        ReplaceEntry(rootTree, path, subtree is null ? null : new TreeEntry("040000", "tree", subtree, string.Empty));

    /// <summary>
    /// Returns the id of <paramref name="commit"/>'s root tree with the subtree at <paramref name="path"/>
    /// replaced by <paramref name="subtree"/> (removed when null). Like <see cref="ReplaceSubtree"/> on the
    /// commit's tree, but every tree on the path is read in one request.
    /// </summary>
    public string ReplaceSubtreeOf(string commit, string path, string? subtree)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var revisions = new List<string> { commit + "^{tree}" };
        for (var i = 1; i < segments.Length; i++)
        {
            revisions.Add($"{commit}:{string.Join('/', segments.Take(i))}");
        }

        var trees = ReadTrees(revisions);
        if (trees[0] is null)
        {
            throw new MemoryBankException("GitObjectMissing", $"The tree of commit {commit} is missing from the repository. Run 'git fsck' and fetch again.", commit);
        }

        var leaf = subtree is null ? null : new TreeEntry("040000", "tree", subtree, string.Empty);
        return ReplaceAt(trees[0]!.Value.Id, segments, 0, leaf, level => level < trees.Count ? trees[level]?.Entries : null) ?? MakeTree(Array.Empty<TreeEntry>());
    }

    /// <summary>
    /// Returns the id of <paramref name="rootTree"/> with the entry at <paramref name="path"/> (a file or a
    /// folder) replaced by <paramref name="entry"/>'s mode, type and id (removed when null). Only the trees
    /// on the path are rewritten.
    /// </summary>
    public string ReplaceEntry(string rootTree, string path, TreeEntry? entry)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return ReplaceAt(rootTree, segments, 0, entry, _ => null) ?? MakeTree(Array.Empty<TreeEntry>());
    }

    /// <summary>The entry at <paramref name="path"/> in <paramref name="commit"/>, or null when absent.</summary>
    public TreeEntry? TryGetEntry(string commit, string path)
    {
        path = path.Trim('/');
        var slash = path.LastIndexOf('/');
        var parent = slash < 0 ? commit + "^{tree}" : $"{commit}:{path[..slash]}";
        var name = path[(slash + 1)..];
        var entry = ReadTrees([parent])[0]?.Entries.FirstOrDefault(e => e.Name == name);
        return entry is null ? null : entry with { Name = path };
    }

    /// <summary>
    /// The paths of the files (and submodules) that differ between two commits under <paramref name="paths"/>
    /// (the whole tree when empty): what <c>git diff-tree -r --name-only --no-renames</c> lists. Only the
    /// subtrees whose ids differ are read, so bank-only changes cost a few reads whatever the code's size.
    /// </summary>
    public IReadOnlyList<string> ChangedFiles(string from, string to, IReadOnlyList<string> paths)
    {
        var result = new List<string>();
        if (paths.Count == 0)
        {
            var roots = TryResolve([from + "^{tree}", to + "^{tree}"]);
            CompareTrees(roots[0], roots[1], string.Empty, result);
            return result;
        }

        foreach (var pathspec in paths.Distinct(StringComparer.Ordinal))
        {
            // As in git, "folder/" names a folder only: a file of that name does not match.
            var path = pathspec.Trim('/');
            var folderOnly = pathspec.EndsWith('/');
            TreeEntry? Matching(TreeEntry? entry) => folderOnly && entry is not { Type: "tree" } ? null : entry;
            if (path.Length > 0)
            {
                Compare(Matching(TryGetEntry(from, path)), Matching(TryGetEntry(to, path)), path, result);
            }
        }

        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// True when <paramref name="ancestor"/> is <paramref name="commit"/> or one of its ancestors within
    /// <paramref name="limit"/> commits; false when the whole history was walked without meeting it; null
    /// when the limit was reached first (ask git).
    /// </summary>
    public bool? IsAncestorWithin(string ancestor, string commit, int limit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { commit };
        var level = new List<string> { commit };
        while (level.Count > 0)
        {
            if (level.Contains(ancestor))
            {
                return true;
            }

            if (seen.Count > limit)
            {
                return null;
            }

            var next = new List<string>();
            foreach (var parsed in ReadCommits(level))
            {
                next.AddRange(parsed.Parents.Where(seen.Add));
            }

            level = next;
        }

        return false;
    }

    /// <summary>Each commit's parents and subject (the message's first paragraph on one line), in order.</summary>
    public IReadOnlyList<CommitInfo> ReadCommits(IReadOnlyList<string> commits)
    {
        var objects = Stream.Contents(commits);
        var result = new CommitInfo[commits.Count];
        for (var i = 0; i < commits.Count; i++)
        {
            if (objects[i] is not { Type: "commit" } commit)
            {
                throw Missing(commits[i]);
            }

            var text = Encoding.UTF8.GetString(commit.Content.Span);
            var body = text.IndexOf("\n\n", StringComparison.Ordinal);
            var parents = new List<string>();
            foreach (var line in (body < 0 ? text : text[..body]).Split('\n'))
            {
                if (line.StartsWith("parent ", StringComparison.Ordinal))
                {
                    parents.Add(line["parent ".Length..].Trim());
                }
            }

            var message = body < 0 ? string.Empty : text[(body + 2)..].TrimStart('\n');
            var paragraph = message.IndexOf("\n\n", StringComparison.Ordinal);
            var subject = string.Join(' ', (paragraph < 0 ? message : message[..paragraph]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
            result[i] = new CommitInfo(commit.Id, parents, subject);
        }

        return result;
    }

    private void Compare(TreeEntry? from, TreeEntry? to, string path, List<string> result)
    {
        if (from is { Type: "tree" } || to is { Type: "tree" })
        {
            if (from?.Type == "tree" && to?.Type == "tree")
            {
                CompareTrees(from.Id, to.Id, path, result);
                return;
            }

            // A file became a folder or the other way round: the file side changed, and every file of the folder side.
            CompareTrees(from?.Type == "tree" ? from.Id : null, to?.Type == "tree" ? to.Id : null, path, result);
            if ((from?.Type == "tree" ? to : from) is not null)
            {
                result.Add(path);
            }

            return;
        }

        if (from?.Id != to?.Id || from?.Mode != to?.Mode)
        {
            result.Add(path);
        }
    }

    private void CompareTrees(string? from, string? to, string path, List<string> result)
    {
        if (from == to)
        {
            return;
        }

        var ids = new[] { from, to }.Where(id => id is not null).Select(id => id!).ToArray();
        var trees = ReadExistingTrees(ids);
        var fromEntries = from is null ? [] : trees[0];
        var toEntries = to is null ? [] : trees[^1];
        var prefix = path.Length == 0 ? string.Empty : path + "/";
        foreach (var name in fromEntries.Select(e => e.Name).Union(toEntries.Select(e => e.Name), StringComparer.Ordinal))
        {
            Compare(fromEntries.FirstOrDefault(e => e.Name == name), toEntries.FirstOrDefault(e => e.Name == name), prefix + name, result);
        }
    }

    /// <summary>Creates a commit and returns its id. The message goes through stdin, never the command line.</summary>
    public string CommitTree(string tree, IReadOnlyList<string> parents, string message, IReadOnlyDictionary<string, string>? environment = null)
    {
        var arguments = new List<string> { "commit-tree", tree };
        foreach (var parent in parents)
        {
            arguments.Add("-p");
            arguments.Add(parent);
        }

        arguments.Add("-F");
        arguments.Add("-");
        return _git.Run(arguments, new GitRunOptions { StandardInput = Encoding.UTF8.GetBytes(message), Environment = environment }).Text;
    }

    // preloaded(index) gives the entries of the tree at that depth of the path when they were read already.
    private string? ReplaceAt(string? tree, string[] segments, int index, TreeEntry? leaf, Func<int, IReadOnlyList<TreeEntry>?> preloaded)
    {
        var entries = tree is null ? new List<TreeEntry>() : (preloaded(index) ?? ReadTree(tree)).ToList();
        var name = segments[index];
        var existing = entries.FindIndex(e => e.Name == name);
        TreeEntry? replacement;
        if (index == segments.Length - 1)
        {
            replacement = leaf is null ? null : leaf with { Name = name };
        }
        else
        {
            var child = existing >= 0 && entries[existing].Type == "tree" ? entries[existing].Id : null;
            var subtree = ReplaceAt(child, segments, index + 1, leaf, preloaded);
            replacement = subtree is null ? null : new TreeEntry("040000", "tree", subtree, name);
        }

        if (existing >= 0)
        {
            entries.RemoveAt(existing);
        }

        if (replacement is not null)
        {
            entries.Add(replacement);
        }

        return entries.Count == 0 ? null : MakeTree(entries);
    }
}

/// <summary>One object <c>git cat-file</c> printed (its content is empty for an info request).</summary>
/// <param name="Id">The object id.</param>
/// <param name="Type">blob, tree, commit or tag.</param>
/// <param name="Content">The object's raw content.</param>
internal sealed record BatchObject(string Id, string Type, ReadOnlyMemory<byte> Content);

/// <summary>One entry of a git tree.</summary>
/// <param name="Mode">The file mode, for example <c>100644</c> or <c>040000</c>.</param>
/// <param name="Type">blob, tree or commit.</param>
/// <param name="Id">The object id.</param>
/// <param name="Name">The entry's name within its tree.</param>
public sealed record TreeEntry(string Mode, string Type, string Id, string Name);
