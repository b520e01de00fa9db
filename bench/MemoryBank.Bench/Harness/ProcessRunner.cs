using System.ComponentModel;
using System.Diagnostics;

namespace MemoryBank.Bench.Harness;

/// <summary>
/// Starts processes with an argument list and a fixed environment, and times each one from just before
/// it starts to just after it exits with its output drained: the wall time a user would wait.
/// </summary>
internal sealed class ProcessRunner
{
    private readonly IReadOnlyDictionary<string, string?> _environment;

    public ProcessRunner(IReadOnlyDictionary<string, string?> environment)
    {
        _environment = environment;
    }

    /// <summary>A runner with extra variables on top of this one's (null removes a variable).</summary>
    public ProcessRunner With(IReadOnlyDictionary<string, string?> extra)
    {
        var merged = new Dictionary<string, string?>(_environment, StringComparer.Ordinal);
        foreach (var (key, value) in extra)
        {
            merged[key] = value;
        }

        return new ProcessRunner(merged);
    }

    /// <summary>Runs <paramref name="fileName"/>; throws <see cref="BenchmarkException"/> on an exit code other than 0.</summary>
    public ProcessResult Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory, byte[]? standardInput = null) =>
        Run(fileName, arguments, workingDirectory, standardInput, [0]);

    /// <summary>Runs <paramref name="fileName"/>; throws <see cref="BenchmarkException"/> on an exit code not in <paramref name="acceptedExitCodes"/>.</summary>
    public ProcessResult Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory, byte[]? standardInput, IReadOnlyCollection<int> acceptedExitCodes)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        var display = $"{fileName} {string.Join(' ', arguments)} (in {workingDirectory})";
        using var process = new Process { StartInfo = startInfo };
        var startedUtc = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new BenchmarkException($"Cannot start {display}: {ex.Message}. Check that it is built and on PATH.", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (standardInput is not null)
            {
                process.StandardInput.BaseStream.Write(standardInput);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process exited without reading its input; its exit code says why.
        }

        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new BenchmarkException($"{display} did not finish within 5 minutes.");
        }

        process.WaitForExit();
        var standardOutput = stdout.GetAwaiter().GetResult();
        var standardError = stderr.GetAwaiter().GetResult();
        watch.Stop();
        var result = new ProcessResult(process.ExitCode, standardOutput, standardError, watch.Elapsed.TotalMilliseconds, startedUtc);
        if (!acceptedExitCodes.Contains(result.ExitCode))
        {
            throw new BenchmarkException($"{display} exited with {result.ExitCode}.\nstderr: {result.StandardError.Trim()}\nstdout: {Truncate(result.StandardOutput.Trim())}");
        }

        return result;
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000] + " …";
}
