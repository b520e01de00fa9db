namespace MemoryBank.Cli.Tests.Infrastructure;

/// <summary>Runs the built <c>memory-bank</c> CLI as a separate process, as git and users do.</summary>
public static class Cli
{
    /// <summary>The apphost next to the test assembly (the CLI project is referenced, so it is copied here).</summary>
    public static string ExecutablePath
    {
        get
        {
            var name = OperatingSystem.IsWindows() ? "memory-bank.exe" : "memory-bank";
            var path = Path.Combine(AppContext.BaseDirectory, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The memory-bank apphost was not found at {path}; build the solution first.", path);
            }

            return path;
        }
    }

    /// <summary>Runs <c>memory-bank args…</c> in <paramref name="workingDirectory"/> with the sandbox environment.</summary>
    public static ProcessResult Run(GitSandbox sandbox, string workingDirectory, params string[] args) =>
        ProcessRunner.Run(ExecutablePath, args, workingDirectory, sandbox.Environment);

    /// <summary>Runs the CLI with extra environment variables.</summary>
    public static ProcessResult RunWith(GitSandbox sandbox, string workingDirectory, IReadOnlyDictionary<string, string> extra, params string[] args)
    {
        var environment = new Dictionary<string, string>(sandbox.Environment);
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return ProcessRunner.Run(ExecutablePath, args, workingDirectory, environment);
    }
}
