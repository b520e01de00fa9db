using System.Diagnostics;
using System.Globalization;
using MemoryBank.Core.IO;

namespace MemoryBank.Core.Sync;

/// <summary>
/// One sync at a time per clone: <c>.git/memory-bank/lock</c>, created exclusively. A lock whose process
/// is gone (same host) or that is older than <see cref="StaleAfter"/> is stale and is taken over.
/// </summary>
public sealed class SyncLock : IDisposable
{
    private readonly string _path;
    private bool _released;

    private SyncLock(string path)
    {
        _path = path;
    }

    /// <summary>A lock older than this is stale whatever its process.</summary>
    public static TimeSpan StaleAfter { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/> for another sync to finish.</summary>
    /// <exception cref="SyncBusyException">Another sync still holds the lock.</exception>
    public static SyncLock Acquire(string stateDirectory, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, "lock");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryCreate(path))
            {
                return new SyncLock(path);
            }

            var holder = ReadHolder(path);
            if (holder is null || IsStale(holder))
            {
                // Take over a stale lock: remove it, then race for it like everyone else.
                TryDelete(path);
                continue;
            }

            if (deadline.Elapsed >= wait)
            {
                throw new SyncBusyException(path, holder);
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Describes the lock's holder, or null when there is no lock.</summary>
    public static LockHolder? Inspect(string stateDirectory) => ReadHolder(Path.Combine(stateDirectory, "lock"));

    /// <summary>True when the holder's process is gone or the lock is too old.</summary>
    public static bool IsStale(LockHolder holder)
    {
        if (DateTimeOffset.UtcNow - holder.Started > StaleAfter)
        {
            return true;
        }

        if (!string.Equals(holder.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(holder.ProcessId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        if (!_released)
        {
            _released = true;
            TryDelete(_path);
        }
    }

    private static bool TryCreate(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            var holder = new LockHolder(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(holder.ToJson()));
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    private static LockHolder? ReadHolder(string path)
    {
        try
        {
            var root = StateJson.Parse(File.ReadAllText(path));
            return new LockHolder(
                StateJson.Int(root, nameof(LockHolder.ProcessId)),
                StateJson.String(root, nameof(LockHolder.Host)) ?? string.Empty,
                StateJson.Time(root, nameof(LockHolder.Started)) ?? DateTimeOffset.MinValue);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (FormatException)
        {
            // Half-written by a process killed mid-write: treat it as stale unless it is brand new.
            var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(path);
            return new LockHolder(0, Environment.MachineName, age > TimeSpan.FromSeconds(5) ? DateTimeOffset.MinValue : DateTimeOffset.UtcNow);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Who holds the sync lock.</summary>
/// <param name="ProcessId">The holder's process id.</param>
/// <param name="Host">The holder's machine.</param>
/// <param name="Started">When it took the lock.</param>
public sealed record LockHolder(int ProcessId, string Host, DateTimeOffset Started)
{
    /// <summary>The lock file's content.</summary>
    public string ToJson() => StateJson.Write(writer =>
    {
        writer.Number(nameof(ProcessId), ProcessId);
        writer.String(nameof(Host), Host);
        writer.Time(nameof(Started), Started);
    });

    /// <inheritdoc />
    public override string ToString() =>
        $"process {ProcessId} on {Host} since {Started.ToString("u", CultureInfo.InvariantCulture)}";
}

/// <summary>Another sync holds this clone's lock.</summary>
public sealed class SyncBusyException : MemoryBankException
{
    /// <summary>Creates the error for the lock at <paramref name="path"/>.</summary>
    public SyncBusyException(string path, LockHolder holder)
        : base(
            "SyncLocked",
            $"Another MemoryBank sync is running in this clone ({holder}). Wait for it to finish and run the command again; if that process crashed, the lock '{path}' is stale and is cleared automatically after {SyncLock.StaleAfter.TotalMinutes:0} minutes, or delete it by hand.",
            path)
    {
    }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => MemoryBankErrorKind.Busy;
}
