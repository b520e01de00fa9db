namespace MemoryBank.Bench.Suites;

/// <summary>One git process in a trace.</summary>
/// <param name="Sid">git's session id; a child's starts with its parent's.</param>
/// <param name="Name">The git command (rev-parse, fetch, upload-pack, …).</param>
/// <param name="Milliseconds">Wall time from git's own start to its exit.</param>
/// <param name="TopLevel">True for a process the caller started, false for one git started.</param>
/// <param name="StartUtc">git's first trace event (process start, to within a millisecond).</param>
internal sealed record GitProcess(string Sid, string Name, double Milliseconds, bool TopLevel, DateTime StartUtc)
{
    public DateTime EndUtc => StartUtc.AddMilliseconds(Milliseconds);
}
