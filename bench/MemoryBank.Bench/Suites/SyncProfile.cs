namespace MemoryBank.Bench.Suites;

/// <summary>
/// Traced runs of one operation (medians over the runs): wall time, the git processes behind it, and for
/// memory-bank the timeline around them (before the first git command, between commands, after the last).
/// Per git command and per gap, the figures of an average run. The median gap between two git commands
/// approximates what starting one process costs from .NET, since most gaps hold no other work.
/// </summary>
internal sealed record SyncProfile(
    string Operation,
    double WallMs,
    double TopLevelProcesses,
    double AllProcesses,
    double GitMs,
    double VerboseCommands,
    double BeforeFirstGitMs,
    double BetweenGitMs,
    double AfterLastGitMs,
    double MedianGapMs,
    IReadOnlyList<(string Command, double Processes, double Ms)> ByCommand,
    IReadOnlyList<(string Before, double Ms)> LargestGaps)
{
    /// <summary>Wall time not spent inside a git process the operation started itself.</summary>
    public double OutsideGitMs => WallMs - GitMs;
}
