using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// <c>lock</c>: no stale sync lock in <c>.git/memory-bank/lock</c>. A live lock means a sync is running and
/// passes. Repair deletes a stale lock (the next sync would take it over anyway).
/// </summary>
internal sealed class LockCheck : HealthCheck
{
    public override string Name => CheckNames.Lock;

    public override CheckResult Run(CheckContext context)
    {
        var holder = SyncLock.Inspect(context.StateDirectory);
        if (holder is null)
        {
            return Pass("No sync lock is held.");
        }

        if (!SyncLock.IsStale(holder))
        {
            return Pass($"A sync is running ({holder}).");
        }

        var path = Path.Combine(context.StateDirectory, "lock");
        var found = $"The sync lock .git/memory-bank/lock is stale: its holder ({holder}) has exited or is older than {SyncLock.StaleAfter.TotalMinutes:0} minutes.";
        if (!context.Repair)
        {
            return Warn(found, "Run memory-bank check --repair, or delete the file by hand; the next start or save also takes a stale lock over.");
        }

        // Read again just before deleting: a sync may have taken the lock over meanwhile.
        if (SyncLock.Inspect(context.StateDirectory) is { } now && !SyncLock.IsStale(now))
        {
            return Pass($"A sync took the stale lock over while checking ({now}).");
        }

        File.Delete(path);
        return Pass(found + " Deleted it.", repaired: true);
    }
}
