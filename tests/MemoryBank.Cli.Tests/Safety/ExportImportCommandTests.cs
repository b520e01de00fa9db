using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MemoryBank.Cli.Tests.Infrastructure;
using MemoryBank.Cli.Tests.Sync;
using CliProcess = MemoryBank.Cli.Tests.Infrastructure.Cli;

namespace MemoryBank.Cli.Tests.Safety;

/// <summary>
/// <c>memory-bank export</c> and <c>import</c> end to end: plain and encrypted archives, each import strategy,
/// a dry run that writes nothing, the pre-import backup, and damaged or hostile archives refused with exit code
/// 1 before anything is written.
/// </summary>
public sealed class ExportImportCommandTests
{
    private const string Lessons = "lessons-buffer.md";
    private const string Password = "correct horse battery staple";

    [Fact]
    public void Export_Plain_WritesEveryBankFileWithItsSizeAndHash()
    {
        using var team = new Team();
        var archive = Path.Combine(team.Scenario.Sandbox.Root, "alice.zip");

        var result = team.Scenario.Run(team.Alice, "export", archive).AssertSuccess();

        var bankFiles = BankFiles(team.Alice);
        Assert.Contains($"Exported {bankFiles.Count} file(s) to {archive} ({new FileInfo(archive).Length} bytes).", result.StandardOutput, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(archive);
        Assert.Equal("manifest.json", zip.Entries[0].FullName);
        Assert.Equal(bankFiles.Keys.Select(p => "bank/" + p), zip.Entries.Skip(1).Select(e => e.FullName));
        using var manifest = JsonDocument.Parse(Read(zip.Entries[0]));
        Assert.Equal(1, manifest.RootElement.GetProperty("formatVersion").GetInt32());
        Assert.Equal("alice", manifest.RootElement.GetProperty("persona").GetString());
        foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
        {
            var path = file.GetProperty("path").GetString()!;
            Assert.Equal(bankFiles[path], Read(zip.GetEntry("bank/" + path)!));
            Assert.Equal(bankFiles[path].Length, file.GetProperty("size").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bankFiles[path])), file.GetProperty("sha256").GetString());
        }
    }

    [Fact]
    public void ExportThenImport_PasswordStdin_EncryptsAndMergesWithTheSamePassword()
    {
        using var team = new Team();
        var archive = Path.Combine(team.Scenario.Sandbox.Root, "alice.mbk");

        var export = team.Run(team.Alice, Password + "\n", "export", archive, "--password-stdin").AssertSuccess();

        Assert.Contains(", encrypted).", export.StandardOutput, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(archive);
        Assert.Equal("MBKENC", Encoding.ASCII.GetString(bytes, 0, 6));
        Assert.DoesNotContain("from alice", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var import = team.Run(team.Bob, Password + "\n", "import", archive, "--password-stdin").AssertSuccess();

        Assert.StartsWith("Merged ", Line(import, Lessons), StringComparison.Ordinal);
        var lessons = SyncScenario.ReadBank(team.Bob, Lessons);
        Assert.Contains("- from alice", lessons, StringComparison.Ordinal);
        Assert.Contains("- from bob", lessons, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_PasswordStdinWithEmptyInput_FailsAndWritesNoArchive()
    {
        using var team = new Team();
        var archive = Path.Combine(team.Scenario.Sandbox.Root, "alice.mbk");

        var result = team.Run(team.Alice, string.Empty, "export", archive, "--password-stdin");

        CloneState.AssertExit(1, result);
        Assert.Contains("--password-stdin was given but stdin held no password", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(archive));
    }

    [Theory]
    [InlineData("merge", "Merged")]
    [InlineData("skip", "Skipped")]
    [InlineData("overwrite", "Overwritten")]
    public void Import_EachStrategy_AppliesItsActionToTheFileThatDiffers(string strategy, string action)
    {
        using var team = new Team();
        var archive = team.ExportAlice();
        var aliceLessons = File.ReadAllBytes(SyncScenario.BankFile(team.Alice, Lessons));
        var bobLessons = File.ReadAllBytes(SyncScenario.BankFile(team.Bob, Lessons));

        var result = team.Scenario.Run(team.Bob, "import", archive, "--strategy", strategy).AssertSuccess();

        Assert.StartsWith(action + " ", Line(result, Lessons), StringComparison.Ordinal);
        Assert.StartsWith("Added ", Line(result, "notes.md"), StringComparison.Ordinal);
        Assert.StartsWith("Unchanged ", Line(result, "activeContext.md"), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(SyncScenario.BankFile(team.Alice, "notes.md")), File.ReadAllBytes(SyncScenario.BankFile(team.Bob, "notes.md")));
        var lessons = File.ReadAllBytes(SyncScenario.BankFile(team.Bob, Lessons));
        switch (strategy)
        {
            case "merge":
                var text = Encoding.UTF8.GetString(lessons);
                Assert.Equal(1, SyncScenario.CountLines(text, "- from alice"));
                Assert.Equal(1, SyncScenario.CountLines(text, "- from bob"));
                break;
            case "skip":
                Assert.Equal(bobLessons, lessons);
                break;
            default:
                Assert.Equal(aliceLessons, lessons);
                break;
        }

        Assert.Equal(strategy == "overwrite", result.StandardOutput.Contains("The bank before the import is saved at ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("merge", "Merged")]
    [InlineData("skip", "Skipped")]
    [InlineData("overwrite", "Overwritten")]
    public void Import_DryRun_PrintsThePlanAndWritesNothing(string strategy, string action)
    {
        using var team = new Team();
        var archive = team.ExportAlice();
        var before = CloneState.Capture(team.Scenario, team.Bob);

        var result = team.Scenario.Run(team.Bob, "import", archive, "--strategy", strategy, "--dry-run").AssertSuccess();

        Assert.StartsWith($"Would {action} ", Line(result, Lessons), StringComparison.Ordinal);
        Assert.StartsWith("Would Added ", Line(result, "notes.md"), StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was changed.", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("saved at", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, CloneState.Capture(team.Scenario, team.Bob));
        Assert.False(Directory.Exists(Backups(team.Bob)));
    }

    [Fact]
    public void Import_Overwrite_WritesAPreImportBackupSaysWhereAndItRestores()
    {
        using var team = new Team();
        var archive = team.ExportAlice();
        var bobBank = BankFiles(team.Bob);

        var result = team.Scenario.Run(team.Bob, "import", archive, "--strategy", "overwrite").AssertSuccess();

        var backup = Assert.Single(Directory.GetFiles(Backups(team.Bob), "pre-import-*.zip"));
        Assert.Contains($"The bank before the import is saved at {backup}.", result.StandardOutput, StringComparison.Ordinal);
        using (var zip = ZipFile.OpenRead(backup))
        {
            Assert.Equal(bobBank[Lessons], Read(zip.GetEntry("bank/" + Lessons)!));
        }

        team.Scenario.Run(team.Bob, "import", backup, "--strategy", "overwrite").AssertSuccess();
        Assert.Equal(bobBank[Lessons], File.ReadAllBytes(SyncScenario.BankFile(team.Bob, Lessons)));
    }

    [Theory]
    [InlineData("wrong password", "ArchivePasswordOrDataInvalid", "could not be decrypted: wrong password, or the file was modified")]
    [InlineData("no password", "ArchivePasswordRequired", "is encrypted. Run the import again with the password")]
    [InlineData("tampered encrypted", "ArchivePasswordOrDataInvalid", "could not be decrypted")]
    [InlineData("tampered plain", "ArchiveCorrupt", "is damaged or is not a MemoryBank archive")]
    [InlineData("truncated plain", "ArchiveTruncated", "is incomplete")]
    [InlineData("truncated encrypted", "ArchiveTruncated", "is incomplete")]
    [InlineData("zip slip through bank/..", "ArchiveEntryUnsafe", "The archive was refused and nothing was written.")]
    [InlineData("zip slip beside bank", "ArchiveEntryUnsafe", "The archive was refused and nothing was written.")]
    public void Import_BadArchive_ExitsOneWithAClearErrorAndWritesNothing(string damage, string errorId, string message)
    {
        using var team = new Team();
        var archive = Damaged(team, damage);
        var before = CloneState.Capture(team.Scenario, team.Bob);
        var stdin = damage is "wrong password" ? "not the password\n" : Password + "\n";
        var args = new List<string> { "import", archive, "--strategy", "overwrite", "--json" };
        if (damage.Contains("encrypted", StringComparison.Ordinal) || damage == "wrong password")
        {
            args.Add("--password-stdin");
        }

        var result = team.Run(team.Bob, stdin, args.ToArray());

        CloneState.AssertExit(1, result);
        Assert.Contains($"memory-bank: The archive '{archive}' ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        var json = SyncScenario.Json(result);
        Assert.Equal(errorId, json.GetProperty("Error").GetString());
        Assert.Equal(1, json.GetProperty("ExitCode").GetInt32());
        Assert.Equal(before, CloneState.Capture(team.Scenario, team.Bob));
        Assert.False(Directory.Exists(Backups(team.Bob)));
        Assert.False(File.Exists(Path.Combine(team.Bob, "evil.md")));
        Assert.False(File.Exists(Path.Combine(team.Bob, ".claude", "evil.md")));
    }

    /// <summary>An archive of alice's bank, damaged as <paramref name="damage"/> says.</summary>
    private static string Damaged(Team team, string damage)
    {
        var root = team.Scenario.Sandbox.Root;
        var encrypted = damage is "wrong password" or "no password" or "tampered encrypted" or "truncated encrypted";
        var archive = encrypted ? team.ExportAlice(Password) : team.ExportAlice();
        var bytes = File.ReadAllBytes(archive);
        switch (damage)
        {
            case "tampered encrypted":
                bytes[^1] ^= 0x01;
                break;
            case "tampered plain":
                using (var zip = ZipFile.Open(archive, ZipArchiveMode.Update))
                {
                    var entry = zip.GetEntry("bank/" + Lessons)!;
                    entry.Delete();
                    using var stream = zip.CreateEntry("bank/" + Lessons).Open();
                    stream.Write(Encoding.UTF8.GetBytes("# Lessons\n\n- slipped in after the export\n"));
                }

                bytes = File.ReadAllBytes(archive);
                break;
            case "truncated plain":
            case "truncated encrypted":
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case "zip slip through bank/..":
                bytes = HostileZip("../../evil.md", "bank/../../evil.md");
                break;
            case "zip slip beside bank":
                bytes = HostileZip("evil.md", "../evil.md");
                break;
        }

        var path = Path.Combine(root, "damaged-" + damage.Replace(' ', '-').Replace('/', '-') + (encrypted ? ".mbk" : ".zip"));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A zip whose manifest lists <paramref name="manifestPath"/> and whose one file entry is <paramref name="entryName"/>.</summary>
    private static byte[] HostileZip(string manifestPath, string entryName)
    {
        var content = Encoding.UTF8.GetBytes("# Evil\n\n- written outside the bank\n");
        var manifest = JsonSerializer.Serialize(new
        {
            formatVersion = 1,
            persona = "mallory",
            host = "elsewhere",
            createdUtc = "2026-11-20T12:00:00Z",
            files = new[] { new { path = manifestPath, size = content.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(content)) } },
        });
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var stream = zip.CreateEntry("manifest.json").Open())
            {
                stream.Write(Encoding.UTF8.GetBytes(manifest));
            }

            using (var stream = zip.CreateEntry(entryName).Open())
            {
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The line of an import's output that names <paramref name="file"/>, without a leading "Would ".</summary>
    private static string Line(ProcessResult result, string file)
    {
        var lines = result.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r'));
        return Assert.Single(lines, l => l.Contains($" {file} (", StringComparison.Ordinal));
    }

    private static Dictionary<string, byte[]> BankFiles(string clone)
    {
        var bank = Path.Combine(clone, ".claude", "memory-bank");
        return Directory.EnumerateFiles(bank, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(bank, f).Replace('\\', '/'), File.ReadAllBytes)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(f => f.Key, f => f.Value);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static string Backups(string clone) => Path.Combine(clone, ".git", "memory-bank", "backups");

    /// <summary>Alice and bob, each with an unsaved lesson of their own; alice also has a notes.md bob lacks.</summary>
    private sealed class Team : IDisposable
    {
        public Team()
        {
            Scenario = new SyncScenario();
            Alice = Scenario.AddClone("alice");
            Bob = Scenario.AddClone("bob");
            SyncScenario.AppendEntry(Alice, Lessons, "from alice");
            SyncScenario.WriteBank(Alice, "notes.md", "# Notes\n\n- only alice has these notes\n");
            SyncScenario.AppendEntry(Bob, Lessons, "from bob");
        }

        public SyncScenario Scenario { get; }

        public string Alice { get; }

        public string Bob { get; }

        /// <summary>Exports alice's bank (encrypted when <paramref name="password"/> is given) and returns the archive's path.</summary>
        public string ExportAlice(string? password = null)
        {
            var archive = Path.Combine(Scenario.Sandbox.Root, password is null ? "alice.zip" : "alice.mbk");
            if (password is null)
            {
                Scenario.Run(Alice, "export", archive).AssertSuccess();
            }
            else
            {
                Run(Alice, password + "\n", "export", archive, "--password-stdin").AssertSuccess();
            }

            return archive;
        }

        /// <summary>Runs the CLI in <paramref name="clone"/> with <paramref name="standardInput"/> on stdin.</summary>
        public ProcessResult Run(string clone, string standardInput, params string[] args) =>
            ProcessRunner.Run(CliProcess.ExecutablePath, args, clone, Scenario.Sandbox.Environment, standardInput);

        public void Dispose() => Scenario.Dispose();
    }
}
