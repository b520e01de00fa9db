using System.Text;
using MemoryBank.Cli.Tests.Infrastructure;
using Xunit;

namespace MemoryBank.Cli.Tests;

/// <summary>
/// The CLI that <c>dotnet build</c> puts in <c>out/MemoryBank/</c>, as git runs it. It is either the native
/// executable (compiled ahead of time: no .NET runtime to load, nothing to JIT-compile) or, where this machine
/// has no platform linker, the ReadyToRun apphost, whose precompiled code must be the code the installed
/// runtime executes: code compiled for another runtime major is silently rejected, and every Core method is
/// then JIT-compiled in each merge-driver process (docs/performance.md). CI sets
/// <c>MEMORYBANK_REQUIRE_NATIVE_CLI=1</c>, so there the native build is required.
/// </summary>
public sealed class ShippedCliTests
{
    private const string Log = "# Session log\n\n## 2026-11-20T09:00:00Z dev\n- host: a\n";

    private static string ShippedCli => Path.Combine(RepositoryLayout.ModuleFolder, OperatingSystem.IsWindows() ? "memory-bank.exe" : "memory-bank");

    /// <summary>An apphost names the .NET host library it loads; a native executable has no use for it.</summary>
    private static bool IsApphost(string path) =>
        File.ReadAllBytes(path).AsSpan().IndexOf(Encoding.ASCII.GetBytes(OperatingSystem.IsWindows() ? "hostfxr.dll" : OperatingSystem.IsMacOS() ? "libhostfxr.dylib" : "libhostfxr.so")) >= 0;

    [Fact]
    public void ShippedCli_WhereCiRequiresIt_IsNative()
    {
        Assert.True(File.Exists(ShippedCli), $"{ShippedCli} is missing: 'dotnet build MemoryBank.sln' assembles it.");
        if (Environment.GetEnvironmentVariable("MEMORYBANK_REQUIRE_NATIVE_CLI") != "1")
        {
            return;
        }

        Assert.False(IsApphost(ShippedCli), $"{ShippedCli} is the ReadyToRun apphost, not the native build; the build's MB0001 warning says why.");
        Assert.False(File.Exists(Path.Combine(RepositoryLayout.ModuleFolder, "memory-bank.dll")), "the native build left the managed memory-bank.dll in the module folder");
    }

    [Fact]
    public void ShippedCli_WhenNative_IsTheOptimisedReleaseBuild()
    {
        // Whatever configuration built the module, its native CLI is the Release (optimised) image: an
        // unoptimised .NET 8 image runs the runtime's class constructors lazily and can crash at start-up.
        if (!File.Exists(ShippedCli) || IsApphost(ShippedCli))
        {
            Assert.NotEqual("1", Environment.GetEnvironmentVariable("MEMORYBANK_REQUIRE_NATIVE_CLI"));
            return;
        }

        var releaseImages = Directory.GetDirectories(Path.Combine(RepositoryLayout.Root, "src", "MemoryBank.Cli", "bin", "Release"), "native", SearchOption.AllDirectories)
            .Select(folder => Path.Combine(folder, Path.GetFileName(ShippedCli)))
            .Where(File.Exists)
            .ToList();

        var shipped = File.ReadAllBytes(ShippedCli);
        Assert.True(
            releaseImages.Any(image => shipped.AsSpan().SequenceEqual(File.ReadAllBytes(image))),
            $"{ShippedCli} is none of the Release native images under src/MemoryBank.Cli/bin/Release ({releaseImages.Count} found)");
    }

    [Fact]
    public void IsApphost_TellsTheTwoBuildsApart()
    {
        // The test project's own copy of the CLI is always the managed apphost.
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "memory-bank.exe" : "memory-bank");

        Assert.True(IsApphost(apphost), $"{apphost} does not name the .NET host library; IsApphost no longer recognises an apphost");
    }

    [Fact]
    public void MergeDriver_ShippedBuild_RunsPrecompiledCode()
    {
        using var sandbox = new GitSandbox();
        var cli = ShippedCli;
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
        if (!IsApphost(cli))
        {
            // Native: there is no JIT at all, so nothing may have written a JIT summary.
            Assert.False(File.Exists(jitLog), "the native memory-bank ran a JIT");
            return;
        }

        Assert.True(File.Exists(jitLog), "the runtime wrote no JIT summary; DOTNET_JitStdOutFile is not honoured here");
        var compiled = File.ReadAllLines(jitLog)
            .Where(line => line.Contains("JIT compiled MemoryBank.", StringComparison.Ordinal) || line.Contains("JIT compiled Markdig.", StringComparison.Ordinal))
            .ToList();
        Assert.True(compiled.Count == 0, $"{compiled.Count} MemoryBank or Markdig methods were JIT-compiled, so the shipped ReadyToRun code was not used:\n{string.Join('\n', compiled.Take(10))}");
    }
}
