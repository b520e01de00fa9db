using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MemoryBank.Core.Git;

/// <summary>
/// Runs the git CLI with an argument list (never a shell), a timeout, no credential prompts and UTF-8
/// output. Every non-zero exit becomes a <see cref="GitCommandException"/>. Holds no global state: the
/// verbose log is a per-instance callback.
/// </summary>
public sealed class GitClient
{
    private static readonly string[] s_unreachableMarkers =
    [
        "Could not resolve host",
        "Could not read from remote repository",
        "does not appear to be a git repository",
        "unable to access",
        "Connection refused",
        "Connection timed out",
        "Operation timed out",
        "Network is unreachable",
        "No route to host",
        "Authentication failed",
        "terminal prompts disabled",
        "could not read Username",
        "Permission denied (publickey",
        "Host key verification failed",
        "unable to connect",
        "The requested URL returned error",
        "repository not found",
        "Repository not found",
    ];

    private readonly Action<string>? _log;

    /// <summary>Creates a client that runs git in <paramref name="workingDirectory"/>.</summary>
    /// <param name="workingDirectory">The folder git runs in.</param>
    /// <param name="timeout">The timeout of local commands.</param>
    /// <param name="networkTimeout">The timeout of commands that talk to a remote.</param>
    /// <param name="log">Receives each command line before it runs (PowerShell's -Verbose, the CLI's --verbose).</param>
    public GitClient(string workingDirectory, TimeSpan? timeout = null, TimeSpan? networkTimeout = null, Action<string>? log = null)
    {
        WorkingDirectory = workingDirectory;
        Timeout = timeout ?? TimeSpan.FromSeconds(60);
        NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30);
        _log = log;
    }

    /// <summary>The folder git runs in.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The timeout of local commands.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The timeout of network commands.</summary>
    public TimeSpan NetworkTimeout { get; }

    /// <summary>A client for another folder with the same timeouts and log.</summary>
    public GitClient WithWorkingDirectory(string workingDirectory) => new(workingDirectory, Timeout, NetworkTimeout, _log);

    /// <summary>A client with another network timeout.</summary>
    public GitClient WithNetworkTimeout(TimeSpan networkTimeout) => new(WorkingDirectory, Timeout, networkTimeout, _log);

    /// <summary>Writes <paramref name="line"/> to the verbose log, for work done without a new git process.</summary>
    internal void Log(string line) => _log?.Invoke(line);

    /// <summary>Runs git and returns trimmed stdout.</summary>
    public string RunText(params string[] arguments) => Run(arguments).Text;

    /// <summary>Runs git with <paramref name="arguments"/>; throws <see cref="GitCommandException"/> on a non-accepted exit code or a timeout.</summary>
    public GitResult Run(IReadOnlyList<string> arguments, GitRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GitRunOptions();
        var timeout = options.Timeout ?? (options.Network ? NetworkTimeout : Timeout);
        using var process = Start(arguments, options.Environment, out var display);
        var stdoutTask = ReadAllAsync(process.StandardOutput.BaseStream);
        var stderrTask = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (options.StandardInput is { } input)
            {
                process.StandardInput.BaseStream.Write(input);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // git may exit before reading its input; its exit code tells what happened.
        }

        using var registration = cancellationToken.Register(() => TryKill(process));
        var exited = process.WaitForExit(timeout);
        if (!exited)
        {
            TryKill(process);
            process.WaitForExit();
        }
        else
        {
            // Drains the redirected streams.
            process.WaitForExit();
        }

        var stdout = stdoutTask.GetAwaiter().GetResult();
        var stderr = stderrTask.GetAwaiter().GetResult();
        cancellationToken.ThrowIfCancellationRequested();

        if (!exited)
        {
            throw new GitCommandException(display, -1, stderr, timedOut: true, remoteUnreachable: options.Network, WorkingDirectory);
        }

        var result = new GitResult(process.ExitCode, stdout, stderr);
        if (result.ExitCode != 0 && (options.AcceptedExitCodes is null || !options.AcceptedExitCodes.Contains(result.ExitCode)))
        {
            var unreachable = options.Network && s_unreachableMarkers.Any(m => stderr.Contains(m, StringComparison.OrdinalIgnoreCase));
            throw new GitCommandException(display, result.ExitCode, stderr, timedOut: false, unreachable, WorkingDirectory);
        }

        return result;
    }

    /// <summary>
    /// Starts git with <paramref name="arguments"/> and its input and output redirected, for a command that
    /// serves requests until its input closes. The caller owns the process and its timeouts.
    /// </summary>
    internal Process StartLongLived(IReadOnlyList<string> arguments, out string display) =>
        Start(arguments, environment: null, out display);

    // Logs the command line and starts git with every stream redirected; git missing from PATH is a
    // GitCommandException like any other failure.
    private Process Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, out string display)
    {
        display = "git " + string.Join(' ', arguments.Select(Quote));
        _log?.Invoke(display);
        var process = new Process { StartInfo = CreateStartInfo(arguments, environment) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new GitCommandException(display, -1, "git was not found on PATH. Install git 2.38 or later.", false, false, WorkingDirectory, ex);
        }

        return process;
    }

    // git in this client's folder: the argument list as given (never a shell), no prompts, C locale.
    private ProcessStartInfo CreateStartInfo(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add("--no-optional-locks");
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("core.quotepath=false");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["GIT_TERMINAL_PROMPT"] = "0";
        startInfo.Environment["GCM_INTERACTIVE"] = "never";
        startInfo.Environment["LC_ALL"] = "C";
        startInfo.Environment["LANGUAGE"] = "C";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        return startInfo;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
        }
    }

    private static string Quote(string argument) =>
        argument.Length == 0 ? "''" : argument.Any(ch => char.IsWhiteSpace(ch) || ch is '\'' or '"') ? "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : argument;
}
