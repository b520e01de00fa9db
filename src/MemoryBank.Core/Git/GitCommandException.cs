namespace MemoryBank.Core.Git;

/// <summary>A git command exited non-zero or timed out. Carries the command, the exit code and git's stderr.</summary>
public sealed class GitCommandException : MemoryBankException
{
    /// <summary>Creates the error for a failed git command.</summary>
    public GitCommandException(string command, int exitCode, string standardError, bool timedOut, bool remoteUnreachable, string workingDirectory, Exception? innerException = null)
        : base(
            remoteUnreachable ? "RemoteUnreachable" : timedOut ? "GitCommandTimedOut" : "GitCommandFailed",
            BuildMessage(command, exitCode, standardError, timedOut, remoteUnreachable, workingDirectory),
            workingDirectory,
            innerException)
    {
        Command = command;
        ExitCode = exitCode;
        StandardError = standardError;
        TimedOut = timedOut;
        RemoteUnreachable = remoteUnreachable;
    }

    /// <summary>The command line, for people (arguments quoted where they hold spaces).</summary>
    public string Command { get; }

    /// <summary>git's exit code, or -1 when it timed out or could not start.</summary>
    public int ExitCode { get; }

    /// <summary>What git wrote to stderr.</summary>
    public string StandardError { get; }

    /// <summary>The command was killed after its timeout.</summary>
    public bool TimedOut { get; }

    /// <summary>The failure looks like an unreachable remote (network, DNS, refused, auth, missing remote).</summary>
    public bool RemoteUnreachable { get; }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => RemoteUnreachable ? MemoryBankErrorKind.RemoteUnreachable : MemoryBankErrorKind.Failed;

    private static string BuildMessage(string command, int exitCode, string standardError, bool timedOut, bool remoteUnreachable, string workingDirectory)
    {
        var detail = standardError.Trim();
        if (detail.Length > 600)
        {
            detail = detail[..600] + "…";
        }

        var what = timedOut ? "timed out" : exitCode == -1 ? "could not start" : $"failed with exit code {exitCode}";
        var next = remoteUnreachable
            ? "Check the network and the remote's URL and credentials; your work is kept locally and the next start or save retries."
            : timedOut
                ? "Raise networkTimeoutSeconds in .memorybank.json if the remote is slow, then run the command again."
                : "Fix the problem git reports, then run the command again.";
        return $"'{command}' {what} in '{workingDirectory}'{(detail.Length > 0 ? ": " + detail : ".")} {next}";
    }
}
