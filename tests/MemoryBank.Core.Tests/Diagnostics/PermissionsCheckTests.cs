using System.Runtime.Versioning;
using MemoryBank.Core.Diagnostics;

namespace MemoryBank.Core.Tests.Diagnostics;

// Every Unix-only test is a UnixFact, skipped on Windows.
[UnsupportedOSPlatform("windows")]
public sealed class PermissionsCheckTests
{
    private const UnixFileMode Mode700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode755 = Mode700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode Mode644 = Mode600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [UnixFact]
    public void Run_OwnerOnlyStateFolder_Passes()
    {
        using var repo = new CheckRepository();
        Directory.CreateDirectory(repo.StateDir, Mode700);
        File.WriteAllText(Path.Combine(repo.StateDir, "state.json"), "{}");
        File.SetUnixFileMode(Path.Combine(repo.StateDir, "state.json"), Mode600);

        var result = repo.Check(CheckNames.Permissions);

        Assert.Equal(CheckStatus.Pass, result.Status);
    }

    [UnixFact]
    public void Run_ReadableByOthers_WarnsListingEntriesAndModes()
    {
        using var repo = new CheckRepository();
        Directory.CreateDirectory(repo.StateDir);
        File.SetUnixFileMode(repo.StateDir, Mode755);
        var state = Path.Combine(repo.StateDir, "state.json");
        File.WriteAllText(state, "{}");
        File.SetUnixFileMode(state, Mode644);

        var result = repo.Check(CheckNames.Permissions);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("2 entries in the state folder can be read or written by other users: .git/memory-bank (755); .git/memory-bank/state.json (644)", result.Detail, StringComparison.Ordinal);
        Assert.Equal(Mode644, File.GetUnixFileMode(state));
    }

    [UnixFact]
    public void Run_Repair_SetsFoldersTo700AndFilesTo600()
    {
        using var repo = new CheckRepository();
        var conflicts = Path.Combine(repo.StateDir, "conflicts");
        Directory.CreateDirectory(conflicts);
        File.SetUnixFileMode(repo.StateDir, Mode755);
        File.SetUnixFileMode(conflicts, Mode755);
        var copy = Path.Combine(conflicts, "activeContext.x.md");
        File.WriteAllText(copy, "x");
        File.SetUnixFileMode(copy, Mode644);

        var result = repo.Check(CheckNames.Permissions, repair: true);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.True(result.Repaired);
        Assert.StartsWith("Made 3 entries of .git/memory-bank private to their owner", result.Detail, StringComparison.Ordinal);
        Assert.Equal(Mode700, File.GetUnixFileMode(repo.StateDir));
        Assert.Equal(Mode700, File.GetUnixFileMode(conflicts));
        Assert.Equal(Mode600, File.GetUnixFileMode(copy));
        Assert.False(repo.Check(CheckNames.Permissions).Repaired);
    }

    [Fact]
    public void Run_NoStateFolderYet_Passes()
    {
        using var repo = new CheckRepository(setUp: false);

        Assert.Equal(CheckStatus.Pass, repo.Check(CheckNames.Permissions).Status);
    }
}
