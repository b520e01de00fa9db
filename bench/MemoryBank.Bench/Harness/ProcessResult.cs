namespace MemoryBank.Bench.Harness;

/// <summary>What a finished process left behind, and how long it ran (start to exit, output drained).</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
/// <param name="ElapsedMs">Wall time from just before the start to just after the exit.</param>
/// <param name="StartedUtc">The clock just before the start, to line up with git's trace2 times.</param>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, double ElapsedMs, DateTime StartedUtc)
{
    public DateTime ExitedUtc => StartedUtc.AddMilliseconds(ElapsedMs);
}
