using System.Diagnostics;

namespace MemoryBank.Core.Sync;

/// <summary>
/// Fault injection for the crash-safety tests: when <c>MEMORYBANK_CRASH_AT</c> names a point, the process
/// kills itself there (SIGKILL on Unix), as <c>kill -9</c> would.
/// </summary>
internal static class CrashPoint
{
    public const string EnvironmentVariable = "MEMORYBANK_CRASH_AT";

    public static void Hit(string point)
    {
        if (string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), point, StringComparison.Ordinal))
        {
            Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
