using System.Diagnostics;
using System.Text;
using MemoryBank.Cli.Tests.Infrastructure;
using MemoryBank.Cli.Tests.Sync;

namespace MemoryBank.Cli.Tests.Safety;

/// <summary>
/// Bad input in the bank or the configuration, through the CLI: each one stops with exit code 1 and a message
/// that names the file and says what to do, publishes nothing and loses nothing; or, where it is valid input
/// (CRLF, a BOM, a delete racing an edit), it is kept byte for byte and nothing is lost.
/// </summary>
public sealed class BadInputTests
{
    private const string Bank = SyncScenario.BankPath;
    private const string Lessons = "lessons-buffer.md";

    [Theory]
    [InlineData("diagram.png")]
    [InlineData("notes.md")]
    public void Save_BinaryFileInBank_RefusesNamingTheFileAndStartWarns(string name)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        File.WriteAllBytes(SyncScenario.BankFile(alice, name), [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]);
        SyncScenario.AppendEntry(alice, Lessons, "a lesson saved with the binary file");

        var save = RunRefused(scenario, alice, "save");

        Assert.Contains($"'{Bank}/{name}' looks binary (it contains a NUL byte)", save.StandardError, StringComparison.Ordinal);
        Assert.Contains("move the binary file out of the memory bank", save.StandardError, StringComparison.Ordinal);

        var start = scenario.Run(alice, "start").AssertSuccess();
        Assert.Contains($"warning: '{Bank}/{name}' looks binary", start.StandardError, StringComparison.Ordinal);
        Assert.Contains("save refuses to publish the bank", start.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_InvalidUtf8InBankFile_RefusesNamingTheFileAndOffset()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");

        // "café" in Latin-1: 0xE9 is not followed by a continuation byte.
        var bytes = Encoding.Latin1.GetBytes("# Notes\n\n- café au lait\n");
        File.WriteAllBytes(SyncScenario.BankFile(alice, "notes.md"), bytes);

        var save = RunRefused(scenario, alice, "save");

        Assert.Contains($"'{Bank}/notes.md' is not valid UTF-8 (bad byte at offset 14). Re-save the file as UTF-8.", save.StandardError, StringComparison.Ordinal);
        var start = scenario.Run(alice, "start").AssertSuccess();
        Assert.Contains($"warning: '{Bank}/notes.md' is not valid UTF-8", start.StandardError, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(SyncScenario.BankFile(alice, "notes.md")));
    }

    [Theory]
    [InlineData("save")]
    [InlineData("start")]
    public void SaveOrStart_FileOverTheSizeLimit_RefusesNamingTheFileAndTheLimit(string verb)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var big = SyncScenario.BankFile(alice, "dump.md");
        WriteLines(big, 50 * 1024 * 1024);
        var hash = CloneState.Sha256(big);

        var result = RunRefused(scenario, alice, verb);

        Assert.Contains($"'{big}' is 50.0 MiB; bank files are limited to 10 MiB", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Move the file out of the memory bank (or split it into smaller files)", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(hash, CloneState.Sha256(big));
    }

    [Fact]
    public void SaveThenMerge_MixedLineEndingsAndBom_RoundTripByteForByte()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        var original = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("# Notes\r\n\r\n- one, CRLF\r\n- two, LF\n- three, CRLF\r\n  continued, LF\n")).ToArray();
        File.WriteAllBytes(SyncScenario.BankFile(alice, "notes.md"), original);

        scenario.Run(alice, "save").AssertSuccess();

        Assert.Equal(original, RemoteBytes(scenario, "notes.md"));
        Assert.Equal(original, File.ReadAllBytes(SyncScenario.BankFile(alice, "notes.md")));
        scenario.Run(bob, "start").AssertSuccess();
        Assert.Equal(original, File.ReadAllBytes(SyncScenario.BankFile(bob, "notes.md")));

        // Both sides add an entry, each with its own line ending; the merge keeps every byte of both.
        File.AppendAllText(SyncScenario.BankFile(bob, "notes.md"), "- from bob, LF\n");
        File.AppendAllText(SyncScenario.BankFile(alice, "notes.md"), "- from alice, CRLF\r\n");
        scenario.Run(bob, "save").AssertSuccess();
        scenario.Run(alice, "save").AssertSuccess();
        scenario.Run(bob, "start").AssertSuccess();

        var merged = File.ReadAllBytes(SyncScenario.BankFile(alice, "notes.md"));
        Assert.Equal(original, merged[..original.Length]);
        var added = Encoding.UTF8.GetString(merged[original.Length..]);
        Assert.Contains("- from alice, CRLF\r\n", added, StringComparison.Ordinal);
        Assert.Contains("- from bob, LF\n", added, StringComparison.Ordinal);
        Assert.DoesNotContain("- from bob, LF\r\n", added, StringComparison.Ordinal);
        Assert.Equal(original.Length + Encoding.UTF8.GetByteCount("- from alice, CRLF\r\n- from bob, LF\n"), merged.Length);
        Assert.Equal(merged, RemoteBytes(scenario, "notes.md"));
        Assert.Equal(merged, File.ReadAllBytes(SyncScenario.BankFile(bob, "notes.md")));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("bank folder")]
    [InlineData("parent folder")]
    public void SaveAndStart_SymbolicLinkLeavingTheRepository_AreRefused(string where)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var outside = Path.Combine(scenario.Sandbox.Root, "outside");
        Directory.CreateDirectory(outside);
        string link;
        string expected;
        switch (where)
        {
            case "file":
                File.WriteAllText(Path.Combine(outside, "private.md"), "# Not for the bank\n\n- private note\n");
                link = SyncScenario.BankFile(alice, "link.md");
                File.CreateSymbolicLink(link, Path.Combine(outside, "private.md"));
                expected = $"'{link}' is a symbolic link; MemoryBank refuses links in the bank";
                break;
            case "bank folder":
                var bank = Path.Combine(alice, ".claude", "memory-bank");
                Directory.Move(bank, Path.Combine(outside, "memory-bank"));
                Directory.CreateSymbolicLink(bank, Path.Combine(outside, "memory-bank"));
                link = bank;
                expected = $"goes through the symbolic link '{link}' (to '{Path.Combine(outside, "memory-bank")}')";
                break;
            default:
                var claude = Path.Combine(alice, ".claude");
                Directory.Move(claude, Path.Combine(outside, ".claude"));
                Directory.CreateSymbolicLink(claude, Path.Combine(outside, ".claude"));
                link = claude;
                expected = $"goes through the symbolic link '{link}'";
                break;
        }

        var outsideBefore = CloneState.Bank(outside);

        foreach (var verb in new[] { "save", "start" })
        {
            var result = RunRefused(scenario, alice, verb);
            Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
            Assert.Contains("Replace", result.StandardError, StringComparison.Ordinal);
        }

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(outsideBefore, CloneState.Bank(outside));
    }

    [Theory]
    [InlineData("save", "../outside-bank", "\"../outside-bank\"")]
    [InlineData("start", "../outside-bank", "\"../outside-bank\"")]
    [InlineData("save", "notes/../../outside-bank", "\"notes/../../outside-bank\"")]
    public void SaveOrStart_BankPathEscapingThroughDotDot_IsRefused(string verb, string bankPath, string shown)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var config = Path.Combine(alice, ".memorybank.json");
        GitSandbox.Write(config, $"{{\n  \"bankPath\": \"{bankPath}\"\n}}\n");

        var result = RunRefused(scenario, alice, verb);

        Assert.Contains($"{config}:2: 'bankPath' must be a path inside the repository, relative to its root, without '..' (got {shown}).", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Fix .memorybank.json", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(scenario.Sandbox.Root, "outside-bank")));
    }

    [Theory]
    [InlineData("save", "{\n  \"remote\": \"origin\",\n  \"syncBranch\": \n", 4, "is not valid JSON")]
    [InlineData("start", "{\n  \"remote\": \"origin\"\n  \"syncBranch\": \"main\"\n}\n", 3, "is not valid JSON")]
    [InlineData("save", "{\n  \"massDeletion\": { \"maxShare\": \"half\" }\n}\n", 2, "'massDeletion.maxShare' must be a number.")]
    [InlineData("start", "{\n  \"bankpath\": \".claude/memory-bank\"\n}\n", 2, "'bankpath' is not a known setting")]
    public void SaveOrStart_MalformedConfig_RefusesNamingTheLine(string verb, string json, int line, string problem)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var config = Path.Combine(alice, ".memorybank.json");
        GitSandbox.Write(config, json);

        var result = RunRefused(scenario, alice, verb);

        Assert.Contains($"{config}:{line}: {problem}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing was written", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(json, File.ReadAllText(config));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Save_FileDeletedOnOneSideAndEditedOnTheOther_KeepsTheEdit(bool deletionPublishedFirst)
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        SyncScenario.AppendEntry(bob, Lessons, "the edit that must survive");
        File.Delete(SyncScenario.BankFile(alice, Lessons));

        if (deletionPublishedFirst)
        {
            scenario.Run(alice, "save").AssertSuccess();
            Assert.Null(scenario.RemoteBank(Lessons));
            scenario.Run(bob, "save").AssertSuccess();
            scenario.Run(alice, "start").AssertSuccess();
        }
        else
        {
            scenario.Run(bob, "save").AssertSuccess();
            scenario.Run(alice, "save").AssertSuccess();
            scenario.Run(bob, "start").AssertSuccess();
        }

        Assert.Equal(1, SyncScenario.CountLines(scenario.RemoteBank(Lessons), "- the edit that must survive"));
        Assert.Equal(1, SyncScenario.CountLines(SyncScenario.ReadBank(alice, Lessons), "- the edit that must survive"));
        Assert.Equal(1, SyncScenario.CountLines(SyncScenario.ReadBank(bob, Lessons), "- the edit that must survive"));
    }

    [Fact]
    public void Save_BankFileReplacedByFolder_RefusesAndKeepsTheFolder()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var lessons = SyncScenario.BankFile(alice, Lessons);
        File.Delete(lessons);
        Directory.CreateDirectory(lessons);
        File.WriteAllText(Path.Combine(lessons, "draft.md"), "# Draft\n\n- kept\n");

        var save = RunRefused(scenario, alice, "save");

        Assert.Contains($"'{Bank}/{Lessons}' is a folder in this clone, but a file in the bank", save.StandardError, StringComparison.Ordinal);
        Assert.Contains($"git checkout -- {Bank}/{Lessons}", save.StandardError, StringComparison.Ordinal);
        Assert.Equal("# Draft\n\n- kept\n", File.ReadAllText(Path.Combine(lessons, "draft.md")));
        Assert.NotNull(scenario.RemoteBank(Lessons));
    }

    [Fact]
    public void Start_EmptyFolderWhereAnIncomingFileGoes_RefusesThenSyncsOnceItIsGone()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bob = scenario.AddClone("bob");
        SyncScenario.WriteBank(bob, "notes.md", "# Notes\n\n- from bob\n");
        scenario.Run(bob, "save").AssertSuccess();
        var folder = SyncScenario.BankFile(alice, "notes.md");
        Directory.CreateDirectory(folder);

        // Fetched ahead, so that the refused start's own fetch changes no ref.
        scenario.Git(alice, "fetch", "-q", "origin");

        var start = RunRefused(scenario, alice, "start");

        Assert.Contains($"'{Bank}/notes.md' is a folder in this clone, but a file in the bank", start.StandardError, StringComparison.Ordinal);
        Assert.True(Directory.Exists(folder));

        Directory.Delete(folder);
        scenario.Run(alice, "start").AssertSuccess();
        Assert.Equal("# Notes\n\n- from bob\n", SyncScenario.ReadBank(alice, "notes.md"));
    }

    [Fact]
    public void SaveAndStart_BankPathIsAFile_AreRefused()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.AddClone("alice");
        var bank = Path.Combine(alice, ".claude", "memory-bank");
        Directory.Move(bank, bank + ".moved");
        File.WriteAllText(bank, "not a folder\n");

        foreach (var verb in new[] { "save", "start" })
        {
            var result = RunRefused(scenario, alice, verb);
            Assert.Contains($"The bank path '{bank}' is a file, not a folder.", result.StandardError, StringComparison.Ordinal);
        }

        Assert.Equal("not a folder\n", File.ReadAllText(bank));
    }

    /// <summary>Runs <paramref name="verb"/> and asserts exit code 1, an unchanged remote and an untouched clone.</summary>
    private static ProcessResult RunRefused(SyncScenario scenario, string clone, string verb)
    {
        var before = CloneState.Capture(scenario, clone);
        var remoteBefore = scenario.RemoteTip();

        var result = scenario.Run(clone, verb);

        CloneState.AssertExit(1, result);
        Assert.StartsWith("memory-bank: ", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(remoteBefore, scenario.RemoteTip());
        Assert.Equal(before, CloneState.Capture(scenario, clone));
        return result;
    }

    /// <summary>Fills <paramref name="path"/> with list items up to exactly <paramref name="size"/> bytes, in one write per MiB.</summary>
    private static void WriteLines(string path, int size)
    {
        var line = Encoding.ASCII.GetBytes("- " + new string('x', 125) + "\n");
        var chunk = new byte[1024 * 1024];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = line[i % line.Length];
        }

        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        for (var written = 0; written < size; written += chunk.Length)
        {
            stream.Write(chunk, 0, Math.Min(chunk.Length, size - written));
        }
    }

    /// <summary>A bank file's exact bytes on the remote's main (git's stdout read as bytes: text decoding would drop a BOM).</summary>
    private static byte[] RemoteBytes(SyncScenario scenario, string name)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = scenario.RemotePath, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "cat-file", "blob", $"refs/heads/main:{Bank}/{name}" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in scenario.Sandbox.Environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        using var bytes = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return bytes.ToArray();
    }
}
