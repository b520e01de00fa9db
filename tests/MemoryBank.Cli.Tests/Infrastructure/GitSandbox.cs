using System.Diagnostics;
using System.Text;

namespace MemoryBank.Cli.Tests.Infrastructure;

/// <summary>
/// A throwaway folder with a bare remote and any number of clones, driven by real git with a fixed
/// author and committer identity and date. Deleted on dispose.
/// </summary>
public sealed class GitSandbox : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> s_identity = new Dictionary<string, string>
    {
        ["GIT_AUTHOR_NAME"] = "Test Author",
        ["GIT_AUTHOR_EMAIL"] = "author@example.test",
        ["GIT_COMMITTER_NAME"] = "Test Committer",
        ["GIT_COMMITTER_EMAIL"] = "committer@example.test",
        ["GIT_AUTHOR_DATE"] = "2026-11-20T12:00:00Z",
        ["GIT_COMMITTER_DATE"] = "2026-11-20T12:00:00Z",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["MEMORYBANK_PERSONA"] = string.Empty,
    };

    /// <summary>Creates the sandbox with an empty bare remote whose default branch is main.</summary>
    public GitSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "mb-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Home = Path.Combine(Root, "home");
        Directory.CreateDirectory(Home);
        File.WriteAllText(Path.Combine(Home, ".gitconfig"), "[user]\n\tname = Test User\n\temail = user@example.test\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n");
        RemotePath = Path.Combine(Root, "remote.git");
        Git(Root, "init", "--bare", "-q", "-b", "main", RemotePath);
    }

    /// <summary>The sandbox folder.</summary>
    public string Root { get; }

    /// <summary>The HOME used by every git and CLI run (isolates the user's global config).</summary>
    public string Home { get; }

    /// <summary>The bare remote.</summary>
    public string RemotePath { get; }

    /// <summary>The environment every process in the sandbox gets.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(s_identity) { ["HOME"] = Home, ["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config") };

    /// <summary>Clones the remote into <paramref name="name"/> and returns its path.</summary>
    public string Clone(string name)
    {
        var path = Path.Combine(Root, name);
        Git(Root, "clone", "-q", RemotePath, path);
        return path;
    }

    /// <summary>
    /// Creates the first clone with a code file and an initialised bank (seed files, .gitattributes,
    /// drivers), commits and pushes it, and returns its path.
    /// </summary>
    public string Seed(string name = "seed", bool initBank = true)
    {
        var path = Clone(name);
        File.WriteAllText(Path.Combine(path, "README.md"), "# Project\n");
        Directory.CreateDirectory(Path.Combine(path, "src"));
        File.WriteAllText(Path.Combine(path, "src", "app.cs"), "class App {}\n");
        if (initBank)
        {
            Cli.Run(this, path, "init").AssertSuccess();
        }

        Git(path, "add", "-A");
        Git(path, "commit", "-q", "-m", "initial");
        Git(path, "push", "-q", "origin", "main");
        return path;
    }

    /// <summary>Runs git in <paramref name="workingDirectory"/> and returns trimmed stdout; throws on a non-zero exit.</summary>
    public string Git(string workingDirectory, params string[] arguments)
    {
        var result = TryGit(workingDirectory, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({result.ExitCode}) in {workingDirectory}:\n{result.StandardError}\n{result.StandardOutput}");
        }

        return result.StandardOutput.Trim();
    }

    /// <summary>Runs git and returns the result whatever the exit code.</summary>
    public ProcessResult TryGit(string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run("git", arguments, workingDirectory, Environment);

    /// <summary>Writes a file (UTF-8, no BOM), creating folders.</summary>
    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A finished process.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">stdout.</param>
/// <param name="StandardError">stderr.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Fails the test with both streams unless the exit code is 0.</summary>
    public ProcessResult AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        return this;
    }
}

/// <summary>Runs processes with an argument list and a timeout.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> and waits up to two minutes.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value.Length == 0)
                {
                    info.Environment.Remove(key);
                }
                else
                {
                    info.Environment[key] = value;
                }
            }
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in two minutes.");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
