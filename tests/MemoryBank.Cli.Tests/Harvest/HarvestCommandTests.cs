using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MemoryBank.Cli.Tests.Infrastructure;
using MemoryBank.Cli.Tests.Sync;
using MemoryBank.Core.Setup;
using static MemoryBank.Cli.Tests.Harvest.HarvestEntries;

namespace MemoryBank.Cli.Tests.Harvest;

/// <summary>
/// <c>memory-bank harvest</c> end to end in one clone of a bare remote: thresholds, targets, output,
/// <c>--json</c>, <c>--dry-run</c>, decisions without a terminal, and the inputs that must stop it.
/// </summary>
public sealed class HarvestCommandTests
{
    private const string Bank = SyncScenario.BankPath;

    [Fact]
    public void Harvest_BuffersOverThreshold_MovesEveryEntryInOneLinearCommit()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        CommitAndPush(scenario, alice, new Dictionary<string, string>
        {
            [$"{AdrFolder}/ADR-001-a.md"] = "# ADR-001: A\n",
            [$"{AdrFolder}/adr-0004-b.md"] = "# ADR-0004: B\n",
            [$"{AdrFolder}/0007-c.md"] = "# 7. C\n",
        });
        var preambles = Buffers.ToDictionary(b => b, b => File.ReadAllBytes(SyncScenario.BankFile(alice, b)));
        var patterns = AddPatterns(alice, "pat", 10);
        var lessons = AddLessons(alice, "les", 8);
        var decisions = AddDecisions(alice, "dec", 5);
        scenario.Run(alice, "save").AssertSuccess();
        var before = scenario.RemoteTip();
        var logBefore = scenario.RemoteBank("SESSION_LOG.md");
        var dayBefore = DateOnly.FromDateTime(DateTime.UtcNow);

        var harvest = scenario.Run(alice, "harvest", "--yes");

        harvest.AssertSuccess();
        var dayAfter = DateOnly.FromDateTime(DateTime.UtcNow);
        var tip = scenario.RemoteTip();
        Assert.Equal(before, scenario.Git(scenario.RemotePath, "rev-parse", tip + "^"));
        Assert.Contains("Moved 23 entries:", harvest.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"  {Patterns,-20} -> {PatternsDoc}: Pattern pat01\n", harvest.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"  {Decisions,-20} -> ADR-008 ({AdrFolder}/ADR-008-decision-dec01.md): Decision dec01\n", harvest.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Published {tip[..10]} to origin/main.", harvest.StandardOutput, StringComparison.Ordinal);
        AssertEachHarvestedOnceOnRemote(scenario, [.. patterns, .. lessons, .. decisions]);
        AssertEachHarvestedOnce(alice, [.. patterns, .. lessons, .. decisions], "after the harvest");

        // Patterns.md starts with its header; the lessons go to the harvest day's post-mortem; the ADRs
        // continue after ADR 7 whatever the existing names look like.
        Assert.StartsWith("# Patterns\n\n", File.ReadAllText(Path.Combine(alice, PatternsDoc)), StringComparison.Ordinal);
        var lessonFile = Assert.Single(RemoteDocFiles(scenario), f => f.StartsWith(LessonsFolder + "/", StringComparison.Ordinal));
        Assert.Contains(lessonFile, new[] { dayBefore, dayAfter }.Select(d => $"{LessonsFolder}/{d:yyyy-MM-dd}-lessons.md"));
        Assert.Equal(
            ["0007-c.md", "ADR-001-a.md", "ADR-008-decision-dec01.md", "ADR-009-decision-dec02.md", "ADR-010-decision-dec03.md", "ADR-011-decision-dec04.md", "ADR-012-decision-dec05.md", "adr-0004-b.md"],
            RemoteAdrs(scenario));
        Assert.StartsWith("# ADR-008: Decision dec01\n", File.ReadAllText(Path.Combine(alice, AdrFolder, "ADR-008-decision-dec01.md")), StringComparison.Ordinal);

        // Buffers keep their preamble byte for byte; SESSION_LOG gets exactly one harvest entry.
        foreach (var buffer in Buffers)
        {
            Assert.Equal(preambles[buffer], File.ReadAllBytes(SyncScenario.BankFile(alice, buffer)));
            Assert.Equal(Encoding.UTF8.GetString(preambles[buffer]), scenario.RemoteBank(buffer));
        }

        var log = scenario.RemoteBank("SESSION_LOG.md");
        Assert.Equal(SyncScenario.SessionLogEntries(logBefore) + 1, SyncScenario.SessionLogEntries(log));
        Assert.Single(SyncScenario.Lines(log!), l => l.StartsWith("- harvest: Harvested 23 entries", StringComparison.Ordinal));
        Assert.Equal(log, SyncScenario.ReadBank(alice, "SESSION_LOG.md"));

        // One commit that touches the bank and the docs only; the clone fast-forwarded onto it.
        var touched = scenario.TouchedFiles(scenario.RemotePath, tip);
        Assert.All(touched, f => Assert.True(f.StartsWith(Bank + "/", StringComparison.Ordinal) || f.StartsWith(DocsFolder + "/", StringComparison.Ordinal), f));
        Assert.Equal(
            new[] { $"{Bank}/SESSION_LOG.md", $"{Bank}/{Decisions}", $"{Bank}/{Lessons}", $"{Bank}/{Patterns}", PatternsDoc, lessonFile }
                .Concat(Enumerable.Range(1, 5).Select(i => $"{AdrFolder}/ADR-{i + 7:000}-decision-dec{i:00}.md"))
                .Order(StringComparer.Ordinal),
            touched.Order(StringComparer.Ordinal));
        Assert.Empty(scenario.StatusLines(alice));
        Assert.Equal(tip, scenario.Git(alice, "rev-parse", "HEAD"));
        Assert.Empty(MergeCommits(scenario, alice));
        Assert.Empty(MergeCommits(scenario, scenario.RemotePath, "refs/heads/main"));
    }

    [Fact]
    public void Harvest_BuffersBelowThreshold_LeftAloneUnlessForced()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var tokens = AddPatterns(alice, "pat", 2).Concat(AddLessons(alice, "les", 1)).Concat(AddDecisions(alice, "dec", 1)).ToArray();
        scenario.Run(alice, "save").AssertSuccess();
        var before = scenario.RemoteTip();
        var buffers = Buffers.ToDictionary(b => b, b => File.ReadAllBytes(SyncScenario.BankFile(alice, b)));

        var plain = scenario.Run(alice, "harvest", "--yes");

        plain.AssertSuccess();
        Assert.StartsWith("Nothing to harvest.\n", plain.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("note: patterns-buffer.md 4/20 lines, below threshold (use --force)", plain.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("note: lessons-buffer.md 2/15 lines, below threshold (use --force)", plain.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("note: decisions-inbox.md 1/5 items, below threshold (use --force)", plain.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Equal(before, scenario.Git(alice, "rev-parse", "HEAD"));
        Assert.All(Buffers, b => Assert.Equal(buffers[b], File.ReadAllBytes(SyncScenario.BankFile(alice, b))));
        Assert.False(Directory.Exists(Path.Combine(alice, DocsFolder)));

        var forced = scenario.Run(alice, "harvest", "--yes", "--force");

        forced.AssertSuccess();
        Assert.Contains("Moved 4 entries:", forced.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("note: patterns-buffer.md 4/20 lines, below threshold, harvested because of --force", forced.StandardOutput, StringComparison.Ordinal);
        AssertEachHarvestedOnceOnRemote(scenario, tokens);
        AssertEachHarvestedOnce(alice, tokens, "after --force");
        Assert.Empty(scenario.StatusLines(alice));
    }

    [Fact]
    public void HarvestJson_EachItemNamesSourceEntryTargetAndAdrNumber()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        Append(alice, Patterns, PatternEntry("jp01"));
        Append(alice, Decisions, DecisionEntry("jd01"));

        var harvest = scenario.Run(alice, "harvest", "--force", "--yes", "--json");

        harvest.AssertSuccess();
        var json = SyncScenario.Json(harvest);
        var items = json.GetProperty("Items").EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal(Patterns, items[0].GetProperty("SourceFile").GetString());
        Assert.Equal(PatternEntry("jp01"), items[0].GetProperty("Entry").GetString());
        Assert.Equal(PatternsDoc, items[0].GetProperty("TargetFile").GetString());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("AdrNumber").ValueKind);
        Assert.Equal(Decisions, items[1].GetProperty("SourceFile").GetString());
        Assert.Equal(DecisionEntry("jd01"), items[1].GetProperty("Entry").GetString());
        Assert.Equal($"{AdrFolder}/ADR-001-decision-jd01.md", items[1].GetProperty("TargetFile").GetString());
        Assert.Equal(1, items[1].GetProperty("AdrNumber").GetInt32());
        Assert.True(json.GetProperty("Published").GetBoolean());
        Assert.False(json.GetProperty("DryRun").GetBoolean());
        Assert.Equal(scenario.RemoteTip(), json.GetProperty("Commit").GetString());
        AssertEachHarvestedOnceOnRemote(scenario, ["jp01", "jd01"]);
    }

    // Gaps and three naming styles: the next number follows the highest. A title whose slug an existing
    // ADR already has gets a suffix; a non-ASCII title gets an ASCII slug and keeps its text in the ADR.
    [Fact]
    public void Harvest_ExistingAdrsWithGapsMixedNamesAndTakenSlug_NumbersAfterTheHighestWithUniqueAsciiSlugs()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var existing = new Dictionary<string, string>
        {
            [$"{AdrFolder}/ADR-001-a.md"] = "# ADR-001: A\n",
            [$"{AdrFolder}/adr-0004-b.md"] = "# ADR-0004: B\n",
            [$"{AdrFolder}/0007-use-postgres.md"] = "# 7. Use Postgres\n",
        };
        CommitAndPush(scenario, alice, existing);
        Append(alice, Decisions, "- 2026-11-20 12:00 [alice] Use Postgres\n  Decision: Postgres for the event store too.\n");
        Append(alice, Decisions, "- 2026-11-20 12:01 [alice] Überprüfung der Größe für Café-Bestellungen\n  Decision: Check sizes.\n");

        var harvest = scenario.Run(alice, "harvest", "--force", "--yes");

        harvest.AssertSuccess();
        Assert.Equal(
            ["0007-use-postgres.md", "ADR-001-a.md", "ADR-008-use-postgres-2.md", "ADR-009-uberprufung-der-grosse-fur-cafe-bestellungen.md", "adr-0004-b.md"],
            RemoteAdrs(scenario));
        Assert.StartsWith("# ADR-009: Überprüfung der Größe für Café-Bestellungen\n", File.ReadAllText(Path.Combine(alice, AdrFolder, "ADR-009-uberprufung-der-grosse-fur-cafe-bestellungen.md")), StringComparison.Ordinal);
        foreach (var (path, text) in existing)
        {
            Assert.Equal(text, File.ReadAllText(Path.Combine(alice, path)));
            Assert.Equal(text, scenario.Git(scenario.RemotePath, "show", "main:" + path) + "\n");
        }

        Assert.Empty(scenario.StatusLines(alice));
    }

    [Fact]
    public void HarvestDryRun_PrintsTheFullPlanAndChangesNothing()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var patterns = AddPatterns(alice, "pat", 10);
        var decisions = AddDecisions(alice, "dec", 5);
        scenario.Run(alice, "save").AssertSuccess();

        // An unsaved entry too: the plan covers what the clone holds, and the dry run must not publish it.
        Append(alice, Lessons, LessonEntry("les01"));
        var before = RepositorySnapshot.Of(scenario, alice);

        var dryRun = scenario.Run(alice, "harvest", "--dry-run", "--force");
        var dryRunJson = scenario.Run(alice, "harvest", "--dry-run", "--json");

        dryRun.AssertSuccess();
        RepositorySnapshot.Of(scenario, alice).AssertUnchangedSince(before);
        Assert.StartsWith("Would move 16 entries:\n", dryRun.StandardOutput, StringComparison.Ordinal);
        foreach (var token in patterns)
        {
            Assert.Contains($"  {Patterns,-20} -> {PatternsDoc}: Pattern {token}\n", dryRun.StandardOutput, StringComparison.Ordinal);
        }

        for (var i = 0; i < decisions.Count; i++)
        {
            Assert.Contains($"  {Decisions,-20} -> ADR-{i + 1:000} ({AdrFolder}/ADR-{i + 1:000}-decision-{decisions[i]}.md): Decision {decisions[i]}\n", dryRun.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Matches($@"\n  {Regex.Escape(Lessons)} +-> {Regex.Escape(LessonsFolder)}/\d{{4}}-\d\d-\d\d-lessons\.md: Lesson les01\n", dryRun.StandardOutput);
        Assert.Contains("Dry run: nothing was changed, locally or on the remote.", dryRun.StandardOutput, StringComparison.Ordinal);

        dryRunJson.AssertSuccess();
        var json = SyncScenario.Json(dryRunJson);
        Assert.True(json.GetProperty("DryRun").GetBoolean());
        Assert.False(json.GetProperty("Published").GetBoolean());
        Assert.False(json.GetProperty("Pending").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("Commit").ValueKind);
        Assert.Equal(15, json.GetProperty("Items").GetArrayLength());
        RepositorySnapshot.Of(scenario, alice).AssertUnchangedSince(before);
    }

    [Fact]
    public void Harvest_NonInteractiveWithoutYes_KeepsDecisionsInTheInboxAndSaysWhy()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var decisions = AddDecisions(alice, "dec", 5);
        scenario.Run(alice, "save").AssertSuccess();
        var before = scenario.RemoteTip();
        var inbox = File.ReadAllBytes(SyncScenario.BankFile(alice, Decisions));

        var declined = scenario.Run(alice, "harvest");
        var declinedJson = scenario.Run(alice, "harvest", "--json");

        declined.AssertSuccess();
        Assert.StartsWith("Nothing to harvest.\n", declined.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("5 decision(s) were not turned into ADRs: stdin is not interactive. Run again with --yes to create them.", declined.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("note: decisions-inbox.md: decision \"Decision dec01\" not confirmed, it stays in the inbox", declined.StandardOutput, StringComparison.Ordinal);
        declinedJson.AssertSuccess();
        var notes = SyncScenario.Json(declinedJson).GetProperty("Notes").EnumerateArray().Select(n => n.GetString()).ToArray();
        Assert.Contains("5 decision(s) were not turned into ADRs: --json never prompts. Run again with --yes to create them.", notes);
        Assert.Equal(0, SyncScenario.Json(declinedJson).GetProperty("Items").GetArrayLength());
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Equal(inbox, File.ReadAllBytes(SyncScenario.BankFile(alice, Decisions)));
        Assert.False(Directory.Exists(Path.Combine(alice, AdrFolder)));

        var accepted = scenario.Run(alice, "harvest", "--yes");

        accepted.AssertSuccess();
        Assert.DoesNotContain("not interactive", accepted.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(decisions.Select((d, i) => $"ADR-{i + 1:000}-decision-{d}.md"), RemoteAdrs(scenario));
        AssertEachHarvestedOnce(alice, decisions, "after --yes");
    }

    [Fact]
    public void Harvest_EmptyBuffers_SaysNothingToHarvestAndMakesNoCommit()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var before = scenario.RemoteTip();
        var log = SyncScenario.ReadBank(alice, "SESSION_LOG.md");

        var harvest = scenario.Run(alice, "harvest", "--force", "--yes");

        harvest.AssertSuccess();
        Assert.Equal(
            "Nothing to harvest.\n  note: patterns-buffer.md has no entries, nothing to harvest\n  note: lessons-buffer.md has no entries, nothing to harvest\n  note: decisions-inbox.md has no entries, nothing to harvest\n",
            harvest.StandardOutput.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Equal(before, scenario.Git(alice, "rev-parse", "HEAD"));
        Assert.Equal(log, SyncScenario.ReadBank(alice, "SESSION_LOG.md"));
        Assert.Empty(scenario.StatusLines(alice));
    }

    // No Docs folder at all; entries whose bodies hold fenced code (with lines that look like entries and
    // headings), nested lists and tables move whole and verbatim.
    [Fact]
    public void Harvest_EntriesWithCodeFencesNestedListsAndTables_MoveWholeIntoNewFolders()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        const string pattern =
            "- 2026-11-20 10:00 [alice] Pattern fence01 retry with backoff\n" +
            "  ```csharp\n" +
            "  - not an entry\n" +
            "  # not a heading\n" +
            "  var delay = 2 * attempt;\n" +
            "  ```\n" +
            "  - nested one\n" +
            "    - nested two\n" +
            "  | case | delay |\n" +
            "  |------|-------|\n" +
            "  | 1    | 2s    |\n";
        const string lesson =
            "- 2026-11-20 11:00 [alice] Lesson fence02 quote paths\n" +
            "  ```sh\n" +
            "  - rm -rf \"$dir\"\n" +
            "  ```\n";
        const string decision =
            "- 2026-11-20 12:00 [alice] Decision fence03 tables\n" +
            "  Context:\n" +
            "  | option | cost |\n" +
            "  |--------|------|\n" +
            "  | a      | 1    |\n" +
            "  Decision: option a\n";
        Append(alice, Patterns, pattern);
        Append(alice, Lessons, lesson);
        Append(alice, Decisions, decision);

        var harvest = scenario.Run(alice, "harvest", "--force", "--yes", "--json");

        harvest.AssertSuccess();
        var items = SyncScenario.Json(harvest).GetProperty("Items").EnumerateArray().ToArray();
        Assert.Equal([pattern, lesson, decision], items.Select(i => i.GetProperty("Entry").GetString()));
        Assert.Contains(pattern, File.ReadAllText(Path.Combine(alice, PatternsDoc)), StringComparison.Ordinal);
        var lessonFile = Assert.Single(Directory.GetFiles(Path.Combine(alice, LessonsFolder)));
        Assert.Contains("## Lesson fence02 quote paths\n", File.ReadAllText(lessonFile), StringComparison.Ordinal);
        Assert.Contains("```sh\n- rm -rf \"$dir\"\n```\n", File.ReadAllText(lessonFile), StringComparison.Ordinal);
        var adr = File.ReadAllText(Path.Combine(alice, AdrFolder, "ADR-001-decision-fence03-tables.md"));
        Assert.Contains("| option | cost |\n|--------|------|\n| a      | 1    |\n", adr, StringComparison.Ordinal);
        Assert.Contains("option a", adr, StringComparison.Ordinal);
        AssertEachHarvestedOnceOnRemote(scenario, ["fence01", "fence02", "fence03"]);
        Assert.All(Buffers, b => Assert.Equal(SeedText(b), SyncScenario.ReadBank(alice, b)));
        Assert.Empty(scenario.StatusLines(alice));
    }

    [Fact]
    public void Harvest_CrlfBuffer_KeepsItsPreambleBytesAndWritesCrlfDocs()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        var preamble = SeedText(Patterns).Replace("\n", "\r\n", StringComparison.Ordinal);
        var entries = (PatternEntry("crlf01", minute: 1) + PatternEntry("crlf02", minute: 2)).Replace("\n", "\r\n", StringComparison.Ordinal);
        File.WriteAllBytes(SyncScenario.BankFile(alice, Patterns), Encoding.UTF8.GetBytes(preamble + entries));

        var harvest = scenario.Run(alice, "harvest", "--force");

        harvest.AssertSuccess();
        Assert.Equal(Encoding.UTF8.GetBytes(preamble), File.ReadAllBytes(SyncScenario.BankFile(alice, Patterns)));
        Assert.Equal(preamble, scenario.RemoteBank(Patterns));
        var doc = File.ReadAllText(Path.Combine(alice, PatternsDoc));
        Assert.Contains(entries, doc, StringComparison.Ordinal);
        Assert.DoesNotMatch("[^\r]\n", doc);
        AssertEachHarvestedOnceOnRemote(scenario, ["crlf01", "crlf02"]);
        Assert.Empty(scenario.StatusLines(alice));
    }

    [Fact]
    public void Harvest_TargetDocWithUncommittedChanges_FailsWithHarvestTargetDirtyAndPublishesNothing()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;
        CommitAndPush(scenario, alice, new Dictionary<string, string> { [PatternsDoc] = "# Patterns\n" });
        var patterns = AddPatterns(alice, "pat", 10);
        scenario.Run(alice, "save").AssertSuccess();
        var before = scenario.RemoteTip();
        var head = scenario.Git(alice, "rev-parse", "HEAD");
        var buffer = File.ReadAllBytes(SyncScenario.BankFile(alice, Patterns));
        GitSandbox.Write(Path.Combine(alice, PatternsDoc), "# Patterns\n\nA draft I am still writing.\n");

        var plain = scenario.Run(alice, "harvest");
        var json = scenario.Run(alice, "harvest", "--json");

        Assert.True(plain.ExitCode == 1, SyncScenario.Describe(plain));
        Assert.Contains(PatternsDoc, plain.StandardError, StringComparison.Ordinal);
        Assert.Contains("uncommitted changes", plain.StandardError, StringComparison.Ordinal);
        Assert.Contains("Commit or stash them", plain.StandardError, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 1, SyncScenario.Describe(json));
        Assert.Equal("HarvestTargetDirty", SyncScenario.Json(json).GetProperty("Error").GetString());
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Equal(head, scenario.Git(alice, "rev-parse", "HEAD"));
        Assert.Equal(buffer, File.ReadAllBytes(SyncScenario.BankFile(alice, Patterns)));
        Assert.Equal("# Patterns\n\nA draft I am still writing.\n", File.ReadAllText(Path.Combine(alice, PatternsDoc)));
        Assert.NotEqual(0, scenario.TryGit(alice, "rev-parse", "-q", "--verify", "refs/memory-bank/pending").ExitCode);

        scenario.Git(alice, "checkout", "--", PatternsDoc);
        scenario.Run(alice, "harvest").AssertSuccess();
        AssertEachHarvestedOnceOnRemote(scenario, patterns);
    }

    [Fact]
    public void Harvest_SecretInUnsavedBufferEntry_BlocksNamingFileLineAndRuleUntilAllowed()
    {
        using var scenario = new SyncScenario();
        var alice = scenario.SeedClone;

        // Assembled at run time so that this source holds nothing a secret scanner would flag.
        var key = "AK" + "IA" + "Q7W3RT5UI9PA2DFG";
        Append(alice, Patterns, PatternEntry("sec01", minute: 1));
        Append(alice, Patterns, $"- 2026-11-20 10:02 [alice] Pattern sec02 use the deploy user\n  - key id {key}\n");
        var buffer = File.ReadAllBytes(SyncScenario.BankFile(alice, Patterns));
        var before = scenario.RemoteTip();

        var blocked = scenario.Run(alice, "harvest", "--force");

        Assert.True(blocked.ExitCode == 1, SyncScenario.Describe(blocked));
        // The guard names the document the entry would go to (see docs/harvest.md, "The secret guard").
        Assert.Matches($@"  {Regex.Escape(PatternsDoc)}:\d+: aws-access-key-id\n", blocked.StandardError);
        Assert.Contains("--allow-secret aws-access-key-id", blocked.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(key, blocked.StandardError + blocked.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, scenario.RemoteTip());
        Assert.Equal(buffer, File.ReadAllBytes(SyncScenario.BankFile(alice, Patterns)));
        Assert.False(Directory.Exists(Path.Combine(alice, DocsFolder)));
        Assert.Equal([$" M {Bank}/{Patterns}"], scenario.StatusLines(alice));

        var allowed = scenario.Run(alice, "harvest", "--force", "--allow-secret", "aws-access-key-id");

        allowed.AssertSuccess();
        AssertEachHarvestedOnceOnRemote(scenario, ["sec01", "sec02"]);
        Assert.Contains(key, scenario.Git(scenario.RemotePath, "show", "main:" + PatternsDoc), StringComparison.Ordinal);
        Assert.Empty(scenario.StatusLines(alice));
    }

    private static string SeedText(string buffer) => SeedFiles.ContentFor(buffer)!;
}
