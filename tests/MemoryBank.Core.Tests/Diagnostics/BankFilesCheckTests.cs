using MemoryBank.Core.Diagnostics;

namespace MemoryBank.Core.Tests.Diagnostics;

public sealed class BankFilesCheckTests
{
    [Fact]
    public void Run_SeedFiles_Passes()
    {
        using var repo = new CheckRepository();

        var result = repo.Check(CheckNames.BankFiles);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Contains("5 files", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoBankFolder_WarnsToRunInit()
    {
        using var repo = new CheckRepository(setUp: false);

        var result = repo.Check(CheckNames.BankFiles);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("memory-bank init", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidUtf8_FailsNamingTheFileAndOffset()
    {
        using var repo = new CheckRepository();
        repo.WriteBytes(".claude/memory-bank/lessons-buffer.md", [(byte)'-', (byte)' ', 0xC3, 0x28, (byte)'\n']);

        var result = repo.Check(CheckNames.BankFiles);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("'lessons-buffer.md' is not valid UTF-8 (bad byte at offset 2)", result.Detail, StringComparison.Ordinal);
        Assert.Contains("UTF-8", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NulByte_FailsAsBinary()
    {
        using var repo = new CheckRepository();
        repo.WriteBytes(".claude/memory-bank/notes.md", [(byte)'a', 0, (byte)'b']);

        var result = repo.Check(CheckNames.BankFiles);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("'notes.md' looks binary", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MalformedGraphFile_FailsNamingFileAndReason()
    {
        using var repo = new CheckRepository();
        repo.WriteBank("memory.jsonl", "{\"type\":\"entity\",\"name\":\"a\",\"entityType\":\"x\",\"observations\":[]}\nnot json\n");

        var result = repo.Check(CheckNames.BankFiles);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("memory.jsonl does not parse with the graph strategy", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValidGraphFile_Passes()
    {
        using var repo = new CheckRepository();
        repo.WriteBank("memory.jsonl", "{\"type\":\"entity\",\"name\":\"a\",\"entityType\":\"x\",\"observations\":[\"o\"]}\n{\"type\":\"relation\",\"from\":\"a\",\"to\":\"a\",\"relationType\":\"self\"}\n");

        Assert.Equal(CheckStatus.Pass, repo.Check(CheckNames.BankFiles).Status);
    }

    [Fact]
    public void Run_FolderWhereABankFileBelongs_Fails()
    {
        using var repo = new CheckRepository();
        File.Delete(Path.Combine(repo.Bank, "SESSION_LOG.md"));
        Directory.CreateDirectory(Path.Combine(repo.Bank, "SESSION_LOG.md"));

        var result = repo.Check(CheckNames.BankFiles);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("SESSION_LOG.md is a folder where the bank file belongs", result.Detail, StringComparison.Ordinal);
    }

    [UnixFact]
    public void Run_SymbolicLink_FailsAsRefusedWithoutFollowingIt()
    {
        using var repo = new CheckRepository();
        var outside = Path.Combine(repo.Folder, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllBytes(Path.Combine(outside, "binary.md"), [0, 1, 2]);
        Directory.CreateSymbolicLink(Path.Combine(repo.Bank, "linked"), outside);

        var result = repo.Check(CheckNames.BankFiles);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("linked is a symbolic link (refused", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("binary.md", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FileOver10Megabytes_Warns()
    {
        using var repo = new CheckRepository();
        var line = "- 2026-01-01 00:00 [big] " + new string('x', 1000) + "\n";
        repo.WriteBank("big.md", "# Big\n\n" + string.Concat(Enumerable.Repeat(line, 10_600)));

        var result = repo.Check(CheckNames.BankFiles);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Matches(@"big\.md is 10\.[0-9] MB, over 10 MB", result.Detail);
    }

    [Fact]
    public void Run_BomAndMixedLineEndings_WarnAsInformational()
    {
        using var repo = new CheckRepository();
        repo.WriteBank("patterns-buffer.md", "\uFEFF# Patterns buffer\n\n- a\n");
        repo.WriteBank("lessons-buffer.md", "# Lessons buffer\r\n\r\n- a\n- b\r\n");

        var result = repo.Check(CheckNames.BankFiles);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("patterns-buffer.md starts with a UTF-8 BOM", result.Detail, StringComparison.Ordinal);
        Assert.Contains("lessons-buffer.md mixes line endings (3 CRLF, 1 LF)", result.Detail, StringComparison.Ordinal);
        Assert.Contains("keeps them byte for byte", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OldTemporaryFile_WarnsAndRepairDeletesIt()
    {
        using var repo = new CheckRepository();
        var leftover = Path.Combine(repo.Bank, ".lessons-buffer.md.123.abc.tmp");
        File.WriteAllText(leftover, "half");
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-1));

        var found = repo.Check(CheckNames.BankFiles);
        Assert.Equal(CheckStatus.Warn, found.Status);
        Assert.Contains(".lessons-buffer.md.123.abc.tmp is a temporary file", found.Detail, StringComparison.Ordinal);

        var repaired = repo.Check(CheckNames.BankFiles, repair: true);

        Assert.Equal(CheckStatus.Pass, repaired.Status);
        Assert.True(repaired.Repaired);
        Assert.StartsWith("Deleted 1 temporary file", repaired.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void Run_FreshTemporaryFile_RepairLeavesItToTheWriteInProgress()
    {
        using var repo = new CheckRepository();
        var leftover = Path.Combine(repo.Bank, ".activeContext.md.1.x.tmp");
        File.WriteAllText(leftover, "being written");

        var result = repo.Check(CheckNames.BankFiles, repair: true);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.False(result.Repaired);
        Assert.True(File.Exists(leftover));
    }

    [Theory]
    [InlineData("a\nb\n", 0, 2)]
    [InlineData("a\r\nb\r\n", 2, 0)]
    [InlineData("a\r\nb\nc", 1, 1)]
    [InlineData("no newline", 0, 0)]
    public void CountLineEndings_Text_CountsCrlfAndBareLf(string text, int crlf, int lf)
    {
        Assert.Equal((crlf, lf), BankFilesCheck.CountLineEndings(text));
    }
}
