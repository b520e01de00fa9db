using MemoryBank.Core;
using MemoryBank.Core.Git;
using MemoryBank.Core.Tests.Diagnostics;

namespace MemoryBank.Core.Tests.Git;

/// <summary>Object plumbing against a real repository.</summary>
public sealed class GitObjectsTests
{
    [Fact]
    public void TryResolveCommits_MixedRevisions_ResolvesEachInOrder()
    {
        using var repo = new CheckRepository(setUp: false);
        using var objects = Commit(repo, ("a.txt", "a\n"));
        var head = repo.Git("rev-parse", "HEAD").Trim();
        var tree = repo.Git("rev-parse", "HEAD^{tree}").Trim();
        repo.Git("update-ref", "refs/memory-bank/test", head);

        var resolved = objects.TryResolveCommits(["HEAD", "refs/memory-bank/pending", "refs/memory-bank/test", tree, new string('0', 40), "main"]);

        // A tree is not a commit; a missing ref and an unknown id resolve to null.
        Assert.Equal(new string?[] { head, null, head, null, null, head }, resolved);
        Assert.Empty(objects.TryResolveCommits([]));
        Assert.Throws<ArgumentException>(() => objects.TryResolveCommits(["HEAD\nHEAD"]));
    }
    [Theory]
    [InlineData(".claude/memory-bank", true)]
    [InlineData(".claude/memory-bank", false)]
    [InlineData("new/deeper/folder", true)]
    [InlineData("single", true)]
    [InlineData("src", false)]
    public void ReplaceSubtreeOf_OneBatchRead_GivesWhatLevelByLevelReplacementGives(string path, bool replace)
    {
        using var repo = new CheckRepository(setUp: false);
        using var objects = Commit(repo, (".claude/memory-bank/a.md", "a\n"), (".claude/settings.json", "{}\n"), ("src/x.cs", "class X {}\n"), ("src/run.sh", "#!/bin/sh\n"), ("späce name.txt", "é\n"));
        var head = repo.Git("rev-parse", "HEAD").Trim();
        var replacement = replace ? objects.MakeTree([new TreeEntry("100644", "blob", repo.Git("hash-object", "-w", ".claude/settings.json").Trim(), "b.md")]) : null;

        var batched = objects.ReplaceSubtreeOf(head, path, replacement);

        var levelByLevel = objects.ReplaceSubtree(repo.Git("rev-parse", "HEAD^{tree}").Trim(), path, replacement);
        Assert.Equal(levelByLevel, batched);
        Assert.Contains("100755 blob", repo.Git("ls-tree", batched, "src/run.sh") + repo.Git("ls-tree", "HEAD", "src/run.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTrees_MissingAndNonTreeRevisions_AreNull()
    {
        using var repo = new CheckRepository(setUp: false);
        using var objects = Commit(repo, ("dir/file.txt", "x\n"));

        var trees = objects.ReadTrees(["HEAD^{tree}", "HEAD:missing", "HEAD:dir/file.txt", "HEAD:dir"]);

        Assert.Equal(repo.Git("rev-parse", "HEAD^{tree}").Trim(), trees[0]!.Value.Id);
        Assert.Equal("dir", Assert.Single(trees[0]!.Value.Entries).Name);
        Assert.Null(trees[1]);
        Assert.Null(trees[2]);
        Assert.Equal(new TreeEntry("100644", "blob", repo.Git("rev-parse", "HEAD:dir/file.txt").Trim(), "file.txt"), Assert.Single(trees[3]!.Value.Entries));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ListBlobsAndTryGetEntry_GeneratedTrees_GiveWhatLsTreeGives(int seed)
    {
        // Read tree by tree through cat-file, against git's own listing of the same paths.
        var random = new Random(seed);
        string[] names = ["a.md", "b c.md", "ü.md", "conflicts", "memory-bank", "x", "deep", ".hidden", "z-last.md"];
        var files = new List<(string Path, string Text)>();
        for (var i = 0; i < 25; i++)
        {
            var depth = random.Next(1, 5);
            var parts = Enumerable.Range(0, depth).Select(_ => names[random.Next(names.Length)]).ToList();
            parts.Insert(0, random.Next(3) == 0 ? "src" : ".claude/memory-bank");
            var path = string.Join('/', parts);
            if (!files.Any(f => f.Path.StartsWith(path + "/", StringComparison.Ordinal) || path.StartsWith(f.Path + "/", StringComparison.Ordinal) || f.Path == path))
            {
                files.Add((path, $"{seed}-{i}\n"));
            }
        }

        using var repo = new CheckRepository(setUp: false);
        using var objects = Commit(repo, [.. files]);
        var head = repo.Git("rev-parse", "HEAD").Trim();
        var queries = new[] { ".claude/memory-bank", ".claude", "src", "missing", ".claude/memory-bank/" }
            .Concat(files.Take(5).Select(f => f.Path))
            .Concat(files.Take(5).Select(f => f.Path[..f.Path.LastIndexOf('/')]));

        foreach (var query in queries)
        {
            var expected = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var record in repo.Git("ls-tree", "-r", "-z", "--full-tree", head, "--", query).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = record.IndexOf('\t');
                expected[record[(tab + 1)..]] = record[..tab].Split(' ')[2];
            }

            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), objects.ListBlobs(head, query).OrderBy(p => p.Key, StringComparer.Ordinal));

            var entry = repo.Git("ls-tree", "-z", "--full-tree", head, "--", query.TrimEnd('/')).Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(r => r.Split('\t')).Where(r => r[1] == query.TrimEnd('/')).Select(r => r[0].Split(' ')).SingleOrDefault();
            var found = objects.TryGetEntry(head, query);
            Assert.Equal(entry is null ? null : new TreeEntry(entry[0], entry[1], entry[2], query.TrimEnd('/')), found);
        }
    }

    [Fact]
    public void ReadBlobs_MoreNamesThanOneWriteHolds_AnswersEveryOne()
    {
        // 1,500 requests are several chunks: git answers while the next chunk is written.
        using var repo = new CheckRepository(setUp: false);
        using var objects = Commit(repo, Enumerable.Range(0, 1500).Select(i => ($"f/{i}.md", $"{i}\n" + new string('x', i % 300))).ToArray());
        var listed = objects.ListBlobs("HEAD", "f");

        var blobs = objects.ReadBlobs(listed.Values);

        Assert.Equal(1500, blobs.Count);
        Assert.All(listed, pair => Assert.StartsWith(pair.Key[2..^3] + "\n", System.Text.Encoding.UTF8.GetString(blobs[pair.Value]), StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_MissingObjectsAndBadNames_AreNullOrRefused()
    {
        using var repo = new CheckRepository(setUp: false);
        using var objects = Commit(repo, ("a.txt", "a\n"));

        Assert.Equal(new string?[] { repo.Git("rev-parse", "HEAD:a.txt").Trim(), null, null }, objects.TryResolve(["HEAD:a.txt", "HEAD:none", "no-such-ref"]));
        Assert.Null(objects.TryGetEntry("HEAD", "none/deeper"));
        Assert.Empty(objects.ListBlobs("HEAD", "none"));
        var missing = Assert.Throws<MemoryBankException>(() => objects.ReadBlobs([new string('1', 40)]));
        Assert.Equal("GitObjectMissing", missing.ErrorId);
        Assert.Throws<ArgumentException>(() => objects.TryResolve(["HEAD\nHEAD"]));
        Assert.Throws<ArgumentException>(() => objects.TryResolve([string.Empty]));

        // The reader still answers after refusing.
        Assert.NotNull(objects.TryResolveCommit("HEAD"));
    }

    [Fact]
    public void Reads_OutsideARepository_FailWithGitsMessage()
    {
        var folder = Directory.CreateTempSubdirectory("mb-noRepo-").FullName;
        try
        {
            using var objects = new GitObjects(new GitClient(folder));

            var error = Assert.Throws<GitCommandException>(() => objects.TryResolve(["HEAD"]));

            Assert.Contains("cat-file", error.Message);
            Assert.Contains("not a git repository", error.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Reads_ObjectsFetchedAfterTheReaderStarted_AreFound()
    {
        // A sync's reader starts before a refused push makes it fetch: the fetched pack must be visible to it.
        using var repo = new CheckRepository(setUp: false);
        using var objects = Commit(repo, ("a.txt", "a\n"));
        var first = objects.TryResolveCommit("HEAD");
        var other = Path.Combine(repo.Folder, "other");
        repo.Git("clone", "-q", repo.Root, other);
        for (var i = 0; i < 150; i++)
        {
            File.WriteAllText(Path.Combine(other, $"new-{i}.txt"), $"{i}\n");
        }

        repo.Git("-C", other, "add", "-A");
        repo.Git("-C", other, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "many files");
        var fetched = repo.Git("-C", other, "rev-parse", "HEAD");
        repo.Git("-c", "fetch.unpackLimit=1", "fetch", "-q", other, "+HEAD:refs/remotes/other/main");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(repo.Root, ".git", "objects", "pack"), "*.pack"));

        Assert.Equal(fetched, objects.TryResolveCommit("refs/remotes/other/main"));
        Assert.Equal(150, objects.ListBlobs(fetched, string.Empty).Count(b => b.Key.StartsWith("new-", StringComparison.Ordinal)));
        Assert.Equal(first, objects.ReadCommits([fetched])[0].Parents.Single());
    }

    [Fact]
    public void ListBlobs_SameCommitIdTwice_ReadsOnce_ButARefEachTime()
    {
        // A commit id names fixed content; a ref such as HEAD may move between two reads of a run.
        using var repo = new CheckRepository(setUp: false);
        Commit(repo, ("bank/a.md", "a\n")).Dispose();
        var log = new List<string>();
        using var objects = new GitObjects(new GitClient(repo.Root, log: log.Add));
        var head = repo.Git("rev-parse", "HEAD").Trim();

        var first = objects.ListBlobs(head, "bank");
        var second = objects.ListBlobs(head, "bank/");
        objects.ListBlobs("HEAD", "bank");
        repo.Write("bank/b.md", "b\n");
        repo.Git("add", "-A");
        repo.Git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "more");
        var moved = objects.ListBlobs("HEAD", "bank");

        Assert.Equal(first, second);
        Assert.Equal(2, moved.Count);
        Assert.Single(log, l => l.Contains($"list the blobs of {head}:bank", StringComparison.Ordinal));
        Assert.Equal(2, log.Count(l => l.Contains("list the blobs of HEAD:bank", StringComparison.Ordinal)));
    }

    [Fact]
    public void Dispose_EndsTheReader_AndReadsAfterItAreRefused()
    {
        using var repo = new CheckRepository(setUp: false);
        var objects = Commit(repo, ("a.txt", "a\n"));
        Assert.NotNull(objects.TryResolveCommit("HEAD"));

        objects.Dispose();
        objects.Dispose();

        // A new read starts a new reader.
        Assert.NotNull(objects.TryResolveCommit("HEAD"));
        objects.Dispose();
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    public void ChangedFiles_GeneratedEdits_ListWhatDiffTreeLists(int seed)
    {
        // Two commits apart by random edits: changed, added and deleted files, a mode change, a file that
        // becomes a folder and a folder that becomes a file.
        var random = new Random(seed);
        using var repo = new CheckRepository(setUp: false);
        string[] folders = [".claude/memory-bank", ".claude/memory-bank/conflicts", "src", "src/deep/er", "docs", "späce dir"];
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 30; i++)
        {
            files[$"{folders[random.Next(folders.Length)]}/f{random.Next(12)}.md"] = $"v{i}\n";
        }

        using var objects = Commit(repo, [.. files.Select(f => (f.Key, f.Value))]);
        var first = repo.Git("rev-parse", "HEAD").Trim();
        var executable = new List<string>();
        foreach (var path in files.Keys.ToList())
        {
            switch (random.Next(6))
            {
                case 0:
                    repo.Write(path, "changed " + seed + "\n");
                    break;
                case 1:
                    File.Delete(Path.Combine(repo.Root, path));
                    break;
                case 2:
                    executable.Add(path);
                    break;
            }
        }

        repo.Write($"{folders[random.Next(folders.Length)]}/new{seed}.md", "new\n");
        var victim = files.Keys.First(k => File.Exists(Path.Combine(repo.Root, k)));
        File.Delete(Path.Combine(repo.Root, victim));
        repo.Write(victim + "/inside.md", "was a file\n");
        if (random.Next(2) == 0 && Directory.Exists(Path.Combine(repo.Root, "docs")))
        {
            Directory.Delete(Path.Combine(repo.Root, "docs"), recursive: true);
            repo.Write("docs", "now a file\n");
        }

        repo.Git("add", "-A");
        foreach (var path in executable.Where(p => File.Exists(Path.Combine(repo.Root, p))))
        {
            repo.Git("update-index", "--chmod=+x", path);
        }

        repo.Git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "edits");
        var second = repo.Git("rev-parse", "HEAD").Trim();

        foreach (var paths in new[] { Array.Empty<string>(), [".claude/memory-bank"], ["src", "docs"], ["docs/"], ["missing"], [victim] })
        {
            foreach (var (from, to) in new[] { (first, second), (second, first), (first, first) })
            {
                var expected = repo.Git(["diff-tree", "-r", "-z", "--no-renames", "--name-only", from, to, "--", .. paths]).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                var actual = objects.ChangedFiles(from, to, paths);
                Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal)), $"seed {seed}, paths [{string.Join(", ", paths)}]: git lists [{string.Join(", ", expected)}], ChangedFiles [{string.Join(", ", actual)}]");
            }
        }
    }

    [Fact]
    public void ReadCommitsAndIsAncestorWithin_AHistoryWithMerges_AgreeWithGit()
    {
        using var repo = new CheckRepository(setUp: false);
        using var objects = Commit(repo, ("a.txt", "a\n"));
        void CommitAll(string message) => repo.Git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", message);
        var root = repo.Git("rev-parse", "HEAD").Trim();
        CommitAll("memory-bank: save by alice\n\nbody line");
        repo.Git("checkout", "-q", "-b", "side");
        CommitAll("side one\nwrapped title\n\nbody");
        var side = repo.Git("rev-parse", "HEAD").Trim();
        repo.Git("checkout", "-q", "-");
        CommitAll("main two");
        repo.Git("-c", "user.name=T", "-c", "user.email=t@example.com", "merge", "-q", "--no-ff", "-m", "merge side", "side");
        var all = repo.Git("rev-list", "--all").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var commits = objects.ReadCommits(all);

        for (var i = 0; i < all.Length; i++)
        {
            Assert.Equal(repo.Git("log", "-1", "--format=%s", all[i]).TrimEnd('\n'), commits[i].Subject);
            Assert.Equal(repo.Git("log", "-1", "--format=%P", all[i]).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), commits[i].Parents);
            foreach (var other in all)
            {
                var isAncestor = repo.Git("merge-base", other, all[i]) == other;
                Assert.Equal(isAncestor, objects.IsAncestorWithin(other, all[i], 64));
            }
        }

        Assert.Null(objects.IsAncestorWithin(root, all[0], 1));
        Assert.Equal(true, objects.IsAncestorWithin(all[0], all[0], 0));
        Assert.Equal(false, objects.IsAncestorWithin(side, root, 64));
    }

    // Commits the files (src/run.sh, when given, as executable) and returns the helper over the repository.
    private static GitObjects Commit(CheckRepository repo, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            repo.Write(path, text);
        }

        repo.Git("add", "-A");
        if (files.Any(f => f.Path == "src/run.sh"))
        {
            repo.Git("update-index", "--chmod=+x", "src/run.sh");
        }

        repo.Git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "files");
        return new GitObjects(new GitClient(repo.Root));
    }
}
