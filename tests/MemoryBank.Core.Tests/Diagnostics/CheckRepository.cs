using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MemoryBank.Core.Config;
using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Git;
using MemoryBank.Core.Setup;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Tests.Diagnostics;

/// <summary>
/// A throwaway clone made with plain <c>git init</c> and set up through the Core API: the seed files, the
/// .gitattributes block, and the drivers registered for <see cref="FakeCli"/>, a shell script that answers
/// <c>--version</c> and merges like a (crude) union driver. Deleted on dispose.
/// </summary>
internal sealed class CheckRepository : IDisposable
{
    private const string FakeCliScript = """
        #!/bin/sh
        # A stand-in for the memory-bank CLI: --version, and a line union for merge-driver.
        if [ "$1" = "--version" ]; then echo "0.0.0-test"; exit 0; fi
        if [ "$1" = "merge-driver" ]; then
          grep -vxFf "$4" "$5" >> "$4"
          exit 0
        fi
        exit 2
        """;

    public CheckRepository(bool setUp = true)
    {
        Folder = Path.Combine(Path.GetTempPath(), "mb-check-" + Guid.NewGuid().ToString("N")[..12]);
        Root = Path.Combine(Folder, "repo");
        Directory.CreateDirectory(Root);
        FakeCli = Path.Combine(Folder, "tools", "memory-bank");
        Write(FakeCli, FakeCliScript.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(FakeCli, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Git("init", "-q", "-b", "main");
        if (setUp)
        {
            var config = MemoryBankConfig.CreateDefault();
            foreach (var name in SeedFiles.Names)
            {
                WriteBank(name, SeedFiles.ContentFor(name)!);
            }

            Write(".gitattributes", GitAttributesBlock.Apply(string.Empty, GitAttributesBlock.Build(config)));
            RegisterDrivers(strategy => DriverRegistration.CliCommand(FakeCli, strategy));
        }
    }

    /// <summary>The temp folder holding the repository and the fake CLI.</summary>
    public string Folder { get; }

    /// <summary>The work tree's root.</summary>
    public string Root { get; }

    /// <summary>The stand-in CLI the drivers are registered with.</summary>
    public string FakeCli { get; }

    /// <summary>A driver location whose CLI is <see cref="FakeCli"/>.</summary>
    public DriverLocation Driver => new(FakeCli, null, null);

    /// <summary>The bank folder.</summary>
    public string Bank => Path.Combine(Root, ".claude", "memory-bank");

    /// <summary>The state folder, .git/memory-bank.</summary>
    public string StateDir => Path.Combine(Root, ".git", "memory-bank");

    /// <summary>Runs every check.</summary>
    public IReadOnlyList<CheckResult> CheckAll(bool repair = false, DriverLocation? driver = null) =>
        new HealthChecker(new GitClient(Root)).Run(Root, repair, driver);

    /// <summary>Runs every check and returns the one named <paramref name="name"/>.</summary>
    public CheckResult Check(string name, bool repair = false, DriverLocation? driver = null) =>
        CheckAll(repair, driver).Single(r => r.Name == name);

    /// <summary>Registers every driver with <paramref name="commandFor"/> in the clone's config.</summary>
    public void RegisterDrivers(Func<MergeStrategyKind, string> commandFor)
    {
        foreach (var (key, value) in DriverRegistration.ConfigEntries(commandFor))
        {
            Git("config", "--local", key, value);
        }
    }

    /// <summary>Writes a file relative to the root as UTF-8 without a BOM, creating folders.</summary>
    public void Write(string relative, string text) => WriteBytes(relative, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes bytes relative to the root (or to an absolute path), creating folders.</summary>
    public void WriteBytes(string relative, byte[] bytes)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Writes a bank file.</summary>
    public void WriteBank(string name, string text) => Write(Path.Combine(".claude", "memory-bank", name), text);

    /// <summary>Appends a list entry to a bank file.</summary>
    public void AppendBank(string name, string text) => File.AppendAllText(Path.Combine(Bank, name), text);

    /// <summary>Writes <c>.git/memory-bank/lock</c> as <see cref="SyncLock"/> does.</summary>
    public string WriteLock(int processId, DateTimeOffset started)
    {
        Directory.CreateDirectory(StateDir);
        var path = Path.Combine(StateDir, "lock");
        File.WriteAllText(path, JsonSerializer.Serialize(new LockHolder(processId, Environment.MachineName, started)));
        return path;
    }

    /// <summary>Runs git in the root with a fixed identity; returns trimmed stdout and throws on failure.</summary>
    public string Git(params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_AUTHOR_NAME"] = "Test Author";
        info.Environment["GIT_AUTHOR_EMAIL"] = "author@example.test";
        info.Environment["GIT_COMMITTER_NAME"] = "Test Committer";
        info.Environment["GIT_COMMITTER_EMAIL"] = "committer@example.test";
        info.Environment["GIT_AUTHOR_DATE"] = "2026-11-20T12:00:00Z";
        info.Environment["GIT_COMMITTER_DATE"] = "2026-11-20T12:00:00Z";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr}");
        }

        return stdout.Result.Trim();
    }

    /// <summary>A process id no process has: a dead lock holder.</summary>
    public static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("git", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.Id;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A fact that needs a POSIX shell and Unix file modes; skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Needs a POSIX shell and Unix file modes.";
        }
    }
}
