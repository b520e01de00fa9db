using MemoryBank.Core.Git;

namespace MemoryBank.Core.Sync;

/// <summary>The effective git config, read once per run (<c>git config -z --list</c>); the last value of a key wins.</summary>
internal sealed class GitConfigSnapshot
{
    private readonly Dictionary<string, string> _values;

    private GitConfigSnapshot(Dictionary<string, string> values)
    {
        _values = values;
    }

    public static GitConfigSnapshot Read(GitClient git)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var output = git.Run(["config", "-z", "--list"], new GitRunOptions { AcceptedExitCodes = [1] }).StandardOutput;
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var newline = record.IndexOf('\n');
            if (newline < 0)
            {
                values[record] = "true";
            }
            else
            {
                values[record[..newline]] = record[(newline + 1)..];
            }
        }

        return new GitConfigSnapshot(values);
    }

    public string? Get(string key) => _values.TryGetValue(key, out var value) ? value : null;
}
