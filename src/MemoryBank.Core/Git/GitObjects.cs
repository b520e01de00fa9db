using System.Text;

namespace MemoryBank.Core.Git;

/// <summary>
/// Object-level git plumbing used to build bank-only commits without touching the work tree or the
/// user's index: reading trees and blobs, writing blobs and trees, and committing.
/// </summary>
public sealed class GitObjects
{
    private readonly GitClient _git;

    /// <summary>Creates the helper over <paramref name="git"/> (which runs in the repository root).</summary>
    public GitObjects(GitClient git)
    {
        _git = git;
    }

    /// <summary>Resolves <paramref name="revision"/> to a commit id, or null when it does not exist.</summary>
    public string? TryResolveCommit(string revision)
    {
        var result = _git.Run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], new GitRunOptions { AcceptedExitCodes = [1, 128] });
        return result.ExitCode == 0 ? result.Text : null;
    }

    /// <summary>
    /// Resolves several revisions to commit ids in one <c>git cat-file --batch-check</c> run: one id per
    /// revision, in order, null where a revision does not exist or is not a commit.
    /// </summary>
    public IReadOnlyList<string?> TryResolveCommits(IReadOnlyList<string> revisions)
    {
        if (revisions.Count == 0)
        {
            return Array.Empty<string?>();
        }

        var input = new StringBuilder();
        foreach (var revision in revisions)
        {
            if (revision.Length == 0 || revision.AsSpan().IndexOfAny('\n', '\r') >= 0)
            {
                throw new ArgumentException($"'{revision}' is not a revision.", nameof(revisions));
            }

            input.Append(revision).Append("^{commit}\n");
        }

        var lines = _git.Run(["cat-file", "--batch-check"], new GitRunOptions { StandardInput = Encoding.UTF8.GetBytes(input.ToString()) })
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var result = new string?[revisions.Count];
        for (var i = 0; i < revisions.Count && i < lines.Length; i++)
        {
            // "<id> commit <size>", or "<name> missing" / "<name> ambiguous".
            var fields = lines[i].Split(' ');
            result[i] = fields.Length == 3 && fields[1] == "commit" ? fields[0] : null;
        }

        return result;
    }

    /// <summary>Resolves <c>commit:path</c> to a tree id, or null when the path is absent.</summary>
    public string? TryResolveTree(string commit, string path)
    {
        var result = _git.Run(["rev-parse", "--verify", "--quiet", $"{commit}:{path}"], new GitRunOptions { AcceptedExitCodes = [1, 128] });
        return result.ExitCode == 0 ? result.Text : null;
    }

    /// <summary>Lists the blobs under <paramref name="path"/> in <paramref name="commit"/>: repository path → object id.</summary>
    public IReadOnlyDictionary<string, string> ListBlobs(string commit, string path)
    {
        var output = _git.Run(["ls-tree", "-r", "-z", "--full-tree", commit, "--", path]).StandardOutput;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // <mode> SP <type> SP <object> TAB <file>
            var tab = record.IndexOf('\t');
            var meta = record[..tab].Split(' ');
            if (meta[1] == "blob")
            {
                result[record[(tab + 1)..]] = meta[2];
            }
        }

        return result;
    }

    /// <summary>Reads blobs by id in one <c>git cat-file --batch</c> run.</summary>
    public IReadOnlyDictionary<string, byte[]> ReadBlobs(IEnumerable<string> objectIds)
    {
        var ids = objectIds.Distinct(StringComparer.Ordinal).ToArray();
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (ids.Length == 0)
        {
            return result;
        }

        var objects = CatFileBatch(ids);
        for (var i = 0; i < ids.Length; i++)
        {
            result[ids[i]] = objects[i]?.Content.ToArray()
                ?? throw new MemoryBankException("GitObjectMissing", $"git object {ids[i]} is missing from the repository. Run 'git fsck' and fetch again.", ids[i]);
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
        var output = _git.Run(["ls-tree", "-z", treeId]).StandardOutput;
        var entries = new List<TreeEntry>();
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = record.IndexOf('\t');
            var meta = record[..tab].Split(' ');
            entries.Add(new TreeEntry(meta[0], meta[1], meta[2], record[(tab + 1)..]));
        }

        return entries;
    }

    /// <summary>
    /// Reads tree objects by revision (<c>commit^{tree}</c>, <c>commit:folder</c>) in one <c>git cat-file --batch</c>
    /// run: each one's id and entries, or null where the revision is missing or not a tree.
    /// </summary>
    public IReadOnlyList<(string Id, IReadOnlyList<TreeEntry> Entries)?> ReadTrees(IReadOnlyList<string> revisions)
    {
        var result = new (string Id, IReadOnlyList<TreeEntry> Entries)?[revisions.Count];
        if (revisions.Count == 0)
        {
            return result;
        }

        var objects = CatFileBatch(revisions);
        for (var i = 0; i < revisions.Count; i++)
        {
            if (objects[i] is { Type: "tree" } tree)
            {
                result[i] = (tree.Id, ParseTree(tree.Content.Span, tree.Id.Length / 2));
            }
        }

        return result;
    }

    // Reads objects by name (ids or revisions such as commit:path) in one `git cat-file --batch` run: each
    // one's id, type and content, or null where git reports it missing or ambiguous.
    private BatchObject?[] CatFileBatch(IReadOnlyList<string> names)
    {
        var result = new BatchObject?[names.Count];
        var input = Encoding.UTF8.GetBytes(string.Join('\n', names) + "\n");
        var output = _git.Run(["cat-file", "--batch"], new GitRunOptions { StandardInput = input }).StandardOutputBytes;
        var position = 0;
        for (var i = 0; i < names.Count && position < output.Length; i++)
        {
            // "<id> <type> <size>\n<content>\n", or "<name> missing\n" (also "ambiguous").
            var lineEnd = Array.IndexOf(output, (byte)'\n', position);
            var header = Encoding.UTF8.GetString(output, position, lineEnd - position).Split(' ');
            position = lineEnd + 1;
            if (header.Length != 3 || !int.TryParse(header[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
            {
                continue;
            }

            result[i] = new BatchObject(header[0], header[1], output.AsMemory(position, size));
            position += size + 1;
        }

        return result;
    }

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
    /// commit's tree, but every tree on the path is read in one <c>git cat-file --batch</c> run.
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
        var output = _git.Run(["ls-tree", "-z", "--full-tree", commit, "--", path]).StandardOutput;
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = record.IndexOf('\t');
            var meta = record[..tab].Split(' ');
            if (record[(tab + 1)..] == path)
            {
                return new TreeEntry(meta[0], meta[1], meta[2], path);
            }
        }

        return null;
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

/// <summary>One object <c>git cat-file --batch</c> printed.</summary>
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
