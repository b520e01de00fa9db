using MemoryBank.Cli.Tests.Infrastructure;
using Xunit;

namespace MemoryBank.Cli.Tests;

/// <summary>
/// The CLI that <c>dotnet build</c> puts in <c>out/MemoryBank/</c>, as git runs it: its ReadyToRun code must be
/// the code the installed runtime executes. Code compiled for another runtime major is silently rejected, and
/// every Core method is then JIT-compiled in each merge-driver process (docs/performance.md).
/// </summary>
public sealed class ShippedCliTests
{
    private const string Log = "# Session log\n\n## 2026-11-20T09:00:00Z dev\n- host: a\n";

    [Fact]
    public void MergeDriver_ShippedBuild_RunsPrecompiledCoreCode()
    {
        using var sandbox = new GitSandbox();
        var cli = Path.Combine(RepositoryLayout.ModuleFolder, OperatingSystem.IsWindows() ? "memory-bank.exe" : "memory-bank");
        Assert.True(File.Exists(cli), $"{cli} is missing: 'dotnet build MemoryBank.sln' assembles it.");
        var folder = sandbox.Root;
        File.WriteAllText(Path.Combine(folder, "base.md"), Log);
        File.WriteAllText(Path.Combine(folder, "ours.md"), Log + "\n## 2026-11-20T10:00:00Z qa\n- host: b\n");
        File.WriteAllText(Path.Combine(folder, "theirs.md"), Log + "\n## 2026-11-20T11:00:00Z po\n- host: c\n");
        var jitLog = Path.Combine(folder, "jit.txt");
        var environment = new Dictionary<string, string>(sandbox.Environment)
        {
            ["DOTNET_JitStdOutFile"] = jitLog,
            ["DOTNET_JitDisasmSummary"] = "1",
        };

        ProcessRunner.Run(cli, ["merge-driver", "union", "base.md", "ours.md", "theirs.md", "SESSION_LOG.md"], folder, environment).AssertSuccess();

        Assert.Contains("## 2026-11-20T11:00:00Z po", File.ReadAllText(Path.Combine(folder, "ours.md")));
        Assert.True(File.Exists(jitLog), "the runtime wrote no JIT summary; DOTNET_JitStdOutFile is not honoured here");
        var compiled = File.ReadAllLines(jitLog)
            .Where(line => line.Contains("JIT compiled MemoryBank.", StringComparison.Ordinal) || line.Contains("JIT compiled Markdig.", StringComparison.Ordinal))
            .ToList();
        Assert.True(compiled.Count == 0, $"{compiled.Count} MemoryBank or Markdig methods were JIT-compiled, so the shipped ReadyToRun code was not used:\n{string.Join('\n', compiled.Take(10))}");
    }
}
