namespace MemoryBank.Core.Git;

/// <summary>Per-call options for <see cref="GitClient.Run"/>.</summary>
public sealed class GitRunOptions
{
    /// <summary>The call talks to a remote: it gets the network timeout and its failures are classified as unreachable remotes.</summary>
    public bool Network { get; init; }

    /// <summary>Overrides the client's timeout for this call.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Extra environment variables (for example <c>GIT_INDEX_FILE</c>).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Bytes written to git's stdin, then closed.</summary>
    public byte[]? StandardInput { get; init; }

    /// <summary>Exit codes other than 0 that are answers rather than failures (for example 1 for <c>git diff --quiet</c>).</summary>
    public IReadOnlyCollection<int>? AcceptedExitCodes { get; init; }
}
