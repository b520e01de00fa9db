using System.Security.Cryptography;
using System.Text;
using MemoryBank.Cli.Tests.Sync;

namespace MemoryBank.Cli.Tests.Safety;

/// <summary>
/// What a refused command must leave alone, captured before and compared after: the clone's HEAD, refs and
/// index, every entry under the bank folder (files by SHA-256, links by target, folders), and the state folder's
/// pending ref. Compared as text, so a failing assertion shows what changed.
/// </summary>
internal static class CloneState
{
    /// <summary>The clone's git state and its bank folder's entries.</summary>
    public static string Capture(SyncScenario scenario, string clone)
    {
        var builder = new StringBuilder();
        builder.AppendLine(scenario.Git(clone, "rev-parse", "HEAD"));
        builder.AppendLine(scenario.Git(clone, "for-each-ref"));
        builder.AppendLine(scenario.Git(clone, "ls-files", "-s"));
        builder.AppendLine(Bank(Path.Combine(clone, ".claude", "memory-bank")));
        return builder.ToString();
    }

    /// <summary>Every entry under <paramref name="folder"/>, without following links.</summary>
    public static string Bank(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return "(no bank folder)";
        }

        var builder = new StringBuilder();
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 };
        var pending = new Stack<string>();
        pending.Push(folder);
        var lines = new List<string>();
        while (pending.Count > 0)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(pending.Pop(), "*", options))
            {
                var relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
                var info = new FileInfo(path);
                if (info.LinkTarget is { } target)
                {
                    lines.Add($"{relative} -> {target}");
                }
                else if ((info.Attributes & FileAttributes.Directory) != 0)
                {
                    lines.Add(relative + "/");
                    pending.Push(path);
                }
                else
                {
                    lines.Add($"{relative} {Sha256(path)}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            builder.AppendLine(line);
        }

        return builder.ToString();
    }

    /// <summary>The SHA-256 of a file, in hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    /// <summary>Asserts the exit code, showing both streams when it differs.</summary>
    public static void AssertExit(int expected, Infrastructure.ProcessResult result) =>
        Assert.True(result.ExitCode == expected, $"expected exit {expected}\n" + SyncScenario.Describe(result));
}
