using System.Text;
using System.Text.Json;
using MemoryBank.Cli.Tests.Infrastructure;
using CliProcess = MemoryBank.Cli.Tests.Infrastructure.Cli;

namespace MemoryBank.Cli.Tests.Sync;

/// <summary>
/// A bare remote whose main branch carries code and an initialised bank, plus clones that each ran
/// <c>memory-bank init</c> (so each registers the merge drivers in its own .git/config) and has a persona in
/// <c>memorybank.persona</c>. Everything is real git in a temp folder; deleted on dispose.
/// </summary>
internal sealed class SyncScenario : IDisposable
{
    /// <summary>The bank folder, relative to a clone's root.</summary>
    public const string BankPath = ".claude/memory-bank";

    /// <summary>Creates the remote and its seed clone (persona "seed").</summary>
    public SyncScenario()
    {
        Sandbox = new GitSandbox();
        SeedClone = Sandbox.Seed();
        Sandbox.Git(SeedClone, "config", "memorybank.persona", "seed");
    }

    /// <summary>The sandbox: bare remote, HOME and git identity.</summary>
    public GitSandbox Sandbox { get; }

    /// <summary>The clone that created the bank and pushed it.</summary>
    public string SeedClone { get; }

    /// <summary>The bare remote's folder.</summary>
    public string RemotePath => Sandbox.RemotePath;

    /// <summary>Clones the remote as <paramref name="name"/>, runs <c>memory-bank init</c> there and sets its persona.</summary>
    public string AddClone(string name, string? persona = null)
    {
        var path = Sandbox.Clone(name);
        CliProcess.Run(Sandbox, path, "init").AssertSuccess();
        Sandbox.Git(path, "config", "memorybank.persona", persona ?? name);
        return path;
    }

    /// <summary>Runs <c>memory-bank args…</c> in <paramref name="clone"/>.</summary>
    public ProcessResult Run(string clone, params string[] args) => CliProcess.Run(Sandbox, clone, args);

    /// <summary>Runs <c>memory-bank args…</c> in <paramref name="clone"/> with extra environment variables.</summary>
    public ProcessResult RunWith(string clone, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CliProcess.RunWith(Sandbox, clone, environment, args);

    /// <summary>Starts <c>memory-bank args…</c> without waiting, for concurrent runs.</summary>
    public Task<ProcessResult> RunAsync(string clone, params string[] args) =>
        Task.Factory.StartNew(() => CliProcess.Run(Sandbox, clone, args), TaskCreationOptions.LongRunning);

    /// <summary>Runs git in <paramref name="workingDirectory"/>; throws on failure.</summary>
    public string Git(string workingDirectory, params string[] args) => Sandbox.Git(workingDirectory, args);

    /// <summary>Runs git and returns the result whatever the exit code.</summary>
    public ProcessResult TryGit(string workingDirectory, params string[] args) => Sandbox.TryGit(workingDirectory, args);

    /// <summary>The absolute path of a bank file in <paramref name="clone"/>.</summary>
    public static string BankFile(string clone, string name) =>
        Path.Combine(clone, ".claude", "memory-bank", name.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The text of a bank file in <paramref name="clone"/>.</summary>
    public static string ReadBank(string clone, string name) => File.ReadAllText(BankFile(clone, name));

    /// <summary>Writes a bank file in <paramref name="clone"/> (UTF-8, no BOM, LF).</summary>
    public static void WriteBank(string clone, string name, string text) => GitSandbox.Write(BankFile(clone, name), text);

    /// <summary>Appends <c>- text</c> as a new entry at the end of a bank file.</summary>
    public static void AppendEntry(string clone, string name, string text)
    {
        var path = BankFile(clone, name);
        var current = File.ReadAllText(path);
        var separator = current.Length == 0 || current.EndsWith('\n') ? string.Empty : "\n";
        GitSandbox.Write(path, current + separator + "- " + text + "\n");
    }

    /// <summary>Rewrites activeContext.md with <paramref name="now"/> as its Now section and sets its last write time.</summary>
    public static void WriteActiveContext(string clone, string now, DateTime writtenUtc)
    {
        var path = BankFile(clone, "activeContext.md");
        GitSandbox.Write(path, $"# Active context\n\n## Now\n\n- {now}\n\n## Next\n\n- after {now}\n\n## Blocked\n");
        File.SetLastWriteTimeUtc(path, writtenUtc);
    }

    /// <summary>The remote's main tip.</summary>
    public string RemoteTip() => Sandbox.Git(RemotePath, "rev-parse", "refs/heads/main");

    /// <summary>A bank file on the remote's main, or null when absent.</summary>
    public string? RemoteBank(string name, string revision = "refs/heads/main")
    {
        var result = Sandbox.TryGit(RemotePath, "show", $"{revision}:{BankPath}/{name}");
        return result.ExitCode == 0 ? result.StandardOutput : null;
    }

    /// <summary>The bank files (bank-relative) on the remote's main.</summary>
    public IReadOnlyList<string> RemoteBankFiles(string revision = "refs/heads/main") =>
        Lines(Sandbox.Git(RemotePath, "ls-tree", "-r", "--name-only", revision, "--", BankPath))
            .Select(p => p[(BankPath.Length + 1)..])
            .ToArray();

    /// <summary>The files a commit touches, relative to the repository root.</summary>
    public IReadOnlyList<string> TouchedFiles(string repository, string commit) =>
        Lines(Sandbox.Git(repository, "diff-tree", "--no-commit-id", "--name-only", "-r", "--root", commit));

    /// <summary><c>git status --porcelain</c> lines of a clone.</summary>
    public IReadOnlyList<string> StatusLines(string clone, params string[] paths)
    {
        var args = new List<string> { "status", "--porcelain", "--untracked-files=all" };
        if (paths.Length > 0)
        {
            args.Add("--");
            args.AddRange(paths);
        }

        var result = Sandbox.TryGit(clone, args.ToArray());
        Assert.True(result.ExitCode == 0, Describe(result));

        // Not trimmed: the first column of a porcelain line is meaningful.
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    /// <summary>True when <paramref name="ancestor"/> is an ancestor of (or equal to) <paramref name="descendant"/> in the remote.</summary>
    public bool IsAncestorOnRemote(string ancestor, string descendant) =>
        Sandbox.TryGit(RemotePath, "merge-base", "--is-ancestor", ancestor, descendant).ExitCode == 0;

    /// <summary>Makes the remote unreachable for every clone by moving the bare repository away.</summary>
    public IDisposable TakeRemoteOffline()
    {
        var parked = RemotePath + ".offline";
        Directory.Move(RemotePath, parked);
        return new Restore(() => Directory.Move(parked, RemotePath));
    }

    /// <summary>Counts the <c>## </c> entries of SESSION_LOG.md in <paramref name="text"/>.</summary>
    public static int SessionLogEntries(string? text) =>
        text is null ? 0 : text.Split('\n').Count(l => l.StartsWith("## ", StringComparison.Ordinal));

    /// <summary>Counts the lines of <paramref name="text"/> equal to <paramref name="line"/>.</summary>
    public static int CountLines(string? text, string line) =>
        text is null ? 0 : text.Split('\n').Count(l => string.Equals(l.TrimEnd('\r'), line, StringComparison.Ordinal));

    /// <summary>Parses the stdout of a <c>--json</c> run.</summary>
    public static JsonElement Json(ProcessResult result)
    {
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    /// <summary>Splits git output into non-empty lines.</summary>
    public static IReadOnlyList<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Describes a process result for assertion messages.</summary>
    public static string Describe(ProcessResult result) =>
        new StringBuilder().Append("exit ").Append(result.ExitCode).Append("\nstdout:\n").Append(result.StandardOutput).Append("\nstderr:\n").Append(result.StandardError).ToString();

    /// <inheritdoc />
    public void Dispose() => Sandbox.Dispose();

    private sealed class Restore(Action undo) : IDisposable
    {
        private Action? _undo = undo;

        public void Dispose()
        {
            _undo?.Invoke();
            _undo = null;
        }
    }
}
