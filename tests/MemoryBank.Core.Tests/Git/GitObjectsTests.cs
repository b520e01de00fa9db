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
        repo.Write("a.txt", "a\n");
        repo.Git("add", "a.txt");
        repo.Git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        var head = repo.Git("rev-parse", "HEAD").Trim();
        var tree = repo.Git("rev-parse", "HEAD^{tree}").Trim();
        repo.Git("update-ref", "refs/memory-bank/test", head);
        var objects = new GitObjects(new GitClient(repo.Root));

        var resolved = objects.TryResolveCommits(["HEAD", "refs/memory-bank/pending", "refs/memory-bank/test", tree, new string('0', 40), "main"]);

        // A tree is not a commit; a missing ref and an unknown id resolve to null.
        Assert.Equal(new string?[] { head, null, head, null, null, head }, resolved);
        Assert.Empty(objects.TryResolveCommits([]));
        Assert.Throws<ArgumentException>(() => objects.TryResolveCommits(["HEAD\nHEAD"]));
    }
}
