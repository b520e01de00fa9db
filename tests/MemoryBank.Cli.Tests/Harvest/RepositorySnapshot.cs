using System.Security.Cryptography;
using MemoryBank.Cli.Tests.Sync;

namespace MemoryBank.Cli.Tests.Harvest;

/// <summary>
/// What a run may not change when it promises to change nothing: every file of the clone outside
/// <c>.git</c> (by content hash), every ref of the clone and of the remote, HEAD, the index, and
/// <c>git status</c>.
/// </summary>
internal sealed record RepositorySnapshot(
    IReadOnlyDictionary<string, string> Files,
    string CloneRefs,
    string Head,
    string Index,
    IReadOnlyList<string> Status,
    string RemoteRefs)
{
    public static RepositorySnapshot Of(SyncScenario scenario, string clone)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var git = Path.Combine(clone, ".git") + Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(clone, "*", SearchOption.AllDirectories))
        {
            if (!file.StartsWith(git, StringComparison.Ordinal))
            {
                files[Path.GetRelativePath(clone, file).Replace('\\', '/')] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
            }
        }

        return new RepositorySnapshot(
            files,
            scenario.Git(clone, "for-each-ref", "--format=%(refname) %(objectname)"),
            scenario.Git(clone, "rev-parse", "HEAD"),
            scenario.Git(clone, "ls-files", "-s"),
            scenario.StatusLines(clone),
            scenario.Git(scenario.RemotePath, "for-each-ref", "--format=%(refname) %(objectname)"));
    }

    /// <summary>Asserts that nothing differs from <paramref name="before"/>, naming what did.</summary>
    public void AssertUnchangedSince(RepositorySnapshot before)
    {
        Assert.Equal(before.Files.Keys, Files.Keys);
        foreach (var (path, hash) in before.Files)
        {
            Assert.True(hash == Files[path], $"{path} changed");
        }

        Assert.Equal(before.CloneRefs, CloneRefs);
        Assert.Equal(before.Head, Head);
        Assert.Equal(before.Index, Index);
        Assert.Equal(before.Status, Status);
        Assert.Equal(before.RemoteRefs, RemoteRefs);
    }
}
