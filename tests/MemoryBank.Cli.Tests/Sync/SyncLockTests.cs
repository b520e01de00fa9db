using System.Diagnostics;
using System.Text.Json;
using MemoryBank.Core.Sync;

namespace MemoryBank.Cli.Tests.Sync;

/// <summary>I7: a clone runs one sync at a time; a lock left by a dead process is taken over.</summary>
public sealed class SyncLockTests
{
    private const string Lessons = "lessons-buffer.md";

    [Fact]
    public void Save_LockHeldByLiveProcess_WaitsThenFailsNamingTheLock()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var before = scenario.RemoteTip();
        SyncScenario.AppendEntry(alice, Lessons, "blocked by the lock");
        var lockPath = WriteLock(alice, Environment.ProcessId, DateTimeOffset.UtcNow);

        var clock = Stopwatch.StartNew();
        var save = scenario.Run(alice, "save");
        clock.Stop();

        Assert.Equal(1, save.ExitCode);
        Assert.Contains("lock", save.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"process {Environment.ProcessId}", save.StandardError, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(5), $"save gave up after {clock.Elapsed} instead of waiting for the lock");
        Assert.True(File.Exists(lockPath), "the live holder's lock must stay");
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Contains("- blocked by the lock", SyncScenario.ReadBank(alice, Lessons), StringComparison.Ordinal);
    }

    [Fact]
    public void Save_LockFromDeadProcess_TakesItOverAndPublishes()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        SyncScenario.AppendEntry(alice, Lessons, "after a crashed sync");
        var lockPath = WriteLock(alice, DeadProcessId(), DateTimeOffset.UtcNow);

        var save = scenario.Run(alice, "save");

        Assert.True(save.ExitCode == 0, SyncScenario.Describe(save));
        Assert.False(File.Exists(lockPath), "the lock must be released after the run");
        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank(Lessons), "- after a crashed sync"));
    }

    /// <summary>Writes .git/memory-bank/lock exactly as SyncLock does.</summary>
    private static string WriteLock(string clone, int processId, DateTimeOffset started)
    {
        var folder = Path.Combine(clone, ".git", "memory-bank");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "lock");
        File.WriteAllText(path, JsonSerializer.Serialize(new LockHolder(processId, Environment.MachineName, started)));
        return path;
    }

    /// <summary>The id of a process that has exited (and, on this host, is not reused within the test).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("git", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.Id;
    }
}
