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
        var objects = Commit(repo, ("a.txt", "a\n"));
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
        var objects = Commit(repo, (".claude/memory-bank/a.md", "a\n"), (".claude/settings.json", "{}\n"), ("src/x.cs", "class X {}\n"), ("src/run.sh", "#!/bin/sh\n"), ("späce name.txt", "é\n"));
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
        var objects = Commit(repo, ("dir/file.txt", "x\n"));

        var trees = objects.ReadTrees(["HEAD^{tree}", "HEAD:missing", "HEAD:dir/file.txt", "HEAD:dir"]);

        Assert.Equal(repo.Git("rev-parse", "HEAD^{tree}").Trim(), trees[0]!.Value.Id);
        Assert.Equal("dir", Assert.Single(trees[0]!.Value.Entries).Name);
        Assert.Null(trees[1]);
        Assert.Null(trees[2]);
        Assert.Equal(new TreeEntry("100644", "blob", repo.Git("rev-parse", "HEAD:dir/file.txt").Trim(), "file.txt"), Assert.Single(trees[3]!.Value.Entries));
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
