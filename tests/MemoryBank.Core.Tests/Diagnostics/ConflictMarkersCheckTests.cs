using MemoryBank.Core.Diagnostics;

namespace MemoryBank.Core.Tests.Diagnostics;

public sealed class ConflictMarkersCheckTests
{
    [Fact]
    public void Run_NoMarkers_Passes()
    {
        using var repo = new CheckRepository();
        repo.AppendBank("lessons-buffer.md", "- a line with <<<<<<< inside is not a marker\n- ========\n");

        Assert.Equal(CheckStatus.Pass, repo.Check(CheckNames.ConflictMarkers).Status);
    }

    [Fact]
    public void Run_CommittedConflict_FailsWithFileAndLine()
    {
        using var repo = new CheckRepository();
        repo.WriteBank("lessons-buffer.md", "# Lessons buffer\n\n<<<<<<< HEAD\n- ours\n=======\n- theirs\n>>>>>>> origin/main\n");
        repo.WriteBank("notes/deep.md", "# Deep\r\n\r\n<<<<<<<\r\n");

        var result = repo.Check(CheckNames.ConflictMarkers);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("Conflict marker lines at lessons-buffer.md:3; lessons-buffer.md:7; notes/deep.md:3.", result.Detail);
        Assert.Contains("delete the marker lines", result.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<<<<<<< HEAD", true)]
    [InlineData(">>>>>>> theirs", true)]
    [InlineData("<<<<<<<", true)]
    [InlineData("<<<<<<<< eight", false)]
    [InlineData(" <<<<<<< indented", false)]
    [InlineData("=======", false)]
    [InlineData("<<<<<<<x", false)]
    public void MarkerLines_Line_FindsGitMarkersOnly(string line, bool marker)
    {
        Assert.Equal(marker ? [2] : Array.Empty<int>(), ConflictMarkersCheck.MarkerLines("first\n" + line + "\nlast").ToArray());
    }
}
