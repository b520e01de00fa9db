namespace MemoryBank.Cli.Tests.Infrastructure;

/// <summary>Runs the built <c>memory-bank</c> CLI as a separate process, as git and users do.</summary>
public static class Cli
{
    /// <summary>
    /// The CLI <c>dotnet build</c> ships in <c>out/MemoryBank/</c>, the one users and git run: the native
    /// (ahead-of-time compiled) executable, or the ReadyToRun apphost where this machine cannot compile it.
    /// </summary>
    public static string ExecutablePath
    {
        get
        {
            var name = OperatingSystem.IsWindows() ? "memory-bank.exe" : "memory-bank";
            var path = Path.Combine(RepositoryLayout.ModuleFolder, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The shipped memory-bank was not found at {path}; 'dotnet build MemoryBank.sln' assembles it.", path);
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
