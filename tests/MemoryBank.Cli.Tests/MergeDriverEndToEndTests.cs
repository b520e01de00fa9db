using MemoryBank.Cli.Tests.Infrastructure;
using CliProcess = MemoryBank.Cli.Tests.Infrastructure.Cli;

namespace MemoryBank.Cli.Tests;

/// <summary>
/// The proof for the merge drivers, tried as a new user would: a bare remote, two clones, and plain git.
/// Each scenario runs first with git's own <c>merge=union</c> (or a naive "take theirs" driver), showing how it
/// corrupts the bank, and then after <c>memory-bank init</c>, showing it fixed, through <c>git pull</c> (merge),
/// <c>git pull --rebase</c> and <c>git fetch</c> + <c>git merge</c>.
/// </summary>
/// <remarks>
/// In every scenario clone A changes a file and pushes first; clone B changes the same file, commits, and then
/// integrates A's push. On a merge git's "ours" is B and "theirs" is A; on a rebase B's commit is replayed onto
/// A's, so "ours" is A and "theirs" is B.
/// </remarks>
public sealed class MergeDriverEndToEndTests
{
    private const string Bank = ".claude/memory-bank";

    // What a new user writes before knowing better: git's built-in line union for the whole bank.
    private const string NaiveAttributes = Bank + "/*.md merge=union\n";

    // A naive "latest wins" attempt: a custom driver that takes git's "theirs" side of every conflict.
    private const string TakeTheirsAttributes = NaiveAttributes + Bank + "/activeContext.md merge=take-theirs\n";
    private const string TakeTheirsDriver = "git merge-file --theirs %A %O %B";

    private const string PatternsHeader = "# Patterns buffer\n\n";
    private const string L1 = "- 2026-11-18 09:00 [dev] L1 prefer records for merge inputs\n";
    private const string L2 = "- 2026-11-19 09:00 [qa] L2 one fixture file per shape\n";
    private const string L3 = "- 2026-11-19 15:00 [dev] L3 argument lists, never shell strings\n";
    private const string L4 = "- 2026-11-20 10:00 [dev] L4 stamp the first line on save\n";

    private const string SessionLog = "# Session log\n\n## 2026-11-19 dev\n- earlier work\n";
    private const string DevEntry = "## 2026-11-20 dev\n- fixed build\n- tests green\n";
    private const string QaEntry = "## 2026-11-20 qa\n- ran suite\n- tests green\n";

    private const string LessonsHeader = "# Lessons buffer\n\n";
    private const string LessonA = "- 2026-11-17 11:00 [dev] pin the SDK in global.json\n";
    private const string LessonB = "- 2026-11-18 16:00 [qa] never share temp folders between tests\n";
    private const string LessonC = "- 2026-11-19 10:00 [dev] run git with an argument list\n";
    private const string SharedLesson = "- 2026-11-20 09:30 [dev] rebase flips ours and theirs\n";

    private const string ContextBase = "<!-- memory-bank: updated=2026-11-20T09:00:00Z by=seed -->\n# Active context\n\n## Now\n\n- parser spike\n";
    private const string ContextEarlier = "<!-- memory-bank: updated=2026-11-20T10:00:00Z by=laptop -->\n# Active context\n\n## Now\n\n- release prep, from the laptop\n";
    private const string ContextLater = "<!-- memory-bank: updated=2026-11-20T11:00:00Z by=desktop -->\n# Active context\n\n## Now\n\n- merge driver, from the desktop\n";

    private const string GraphBase = "{\"type\":\"entity\",\"name\":\"MemoryBank\",\"entityType\":\"project\",\"observations\":[\"uses git\"]}\n";
    private const string GraphAdded = "{\"type\":\"entity\",\"name\":\"Markdig\",\"entityType\":\"library\",\"observations\":[\"parses the bank\"]}\n";

    /// <summary>How clone B takes in clone A's push.</summary>
    public enum Integration
    {
        /// <summary><c>git pull</c> with <c>pull.rebase=false</c>: a merge.</summary>
        Pull,

        /// <summary><c>git pull --rebase</c>: B's commit replayed onto A's.</summary>
        PullRebase,

        /// <summary><c>git fetch</c>, then <c>git merge origin/main</c>.</summary>
        FetchMerge,
    }

    /// <summary>Which clone wrote the later update stamp.</summary>
    public enum LaterSide
    {
        /// <summary>Clone B, the one that integrates.</summary>
        Local,

        /// <summary>Clone A, the one that pushed first.</summary>
        Remote,
    }

    // (1) Harvest resurrection.
    [Theory]
    [InlineData(Integration.Pull)]
    [InlineData(Integration.PullRebase)]
    [InlineData(Integration.FetchMerge)]
    public void GitUnion_HarvestOnOneCloneAppendOnTheOther_ResurrectsTheHarvestedEntries(Integration integration)
    {
        using var run = TwoClones.Start(NaiveAttributes, ("patterns-buffer.md", PatternsHeader + L1 + L2 + L3), withInit: false);

        var result = run.Diverge("patterns-buffer.md", ours: PatternsHeader + L1 + L2 + L3 + L4, theirs: PatternsHeader, integration);

        result.AssertSuccess();
        Assert.Equal(PatternsHeader + L1 + L2 + L3 + L4, run.ReadB("patterns-buffer.md"));
    }

    [Theory]
    [InlineData(Integration.Pull)]
    [InlineData(Integration.PullRebase)]
    [InlineData(Integration.FetchMerge)]
    public void MemoryBankUnion_HarvestOnOneCloneAppendOnTheOther_KeepsOnlyTheNewEntry(Integration integration)
    {
        using var run = TwoClones.Start(NaiveAttributes, ("patterns-buffer.md", PatternsHeader + L1 + L2 + L3), withInit: true);

        var result = run.Diverge("patterns-buffer.md", ours: PatternsHeader + L1 + L2 + L3 + L4, theirs: PatternsHeader, integration);

        result.AssertSuccess();
        Assert.Equal(PatternsHeader + L4, run.ReadB("patterns-buffer.md"));
        run.AssertCleanAndNotMidMerge();
    }

    // (2) Interleaving: the entry on git's "ours" side loses its "- tests green" line, and the two entries mix.
    [Theory]
    [InlineData(Integration.Pull, QaEntry, DevEntry)]
    [InlineData(Integration.PullRebase, DevEntry, QaEntry)]
    [InlineData(Integration.FetchMerge, QaEntry, DevEntry)]
    public void GitUnion_BothAppendMultiLineEntries_InterleavesThemAndDropsALine(Integration integration, string gitOurs, string gitTheirs)
    {
        using var run = TwoClones.Start(NaiveAttributes, ("SESSION_LOG.md", SessionLog), withInit: false);

        var result = run.Diverge("SESSION_LOG.md", ours: SessionLog + QaEntry, theirs: SessionLog + DevEntry, integration);

        result.AssertSuccess();
        var oursLines = gitOurs.Split('\n');
        var theirsLines = gitTheirs.Split('\n');

        // For a merge: ## qa, - ran suite, ## dev, - fixed build, - tests green.
        var interleaved = string.Join('\n', oursLines[0], oursLines[1], theirsLines[0], theirsLines[1], "- tests green") + "\n";
        var merged = run.ReadB("SESSION_LOG.md");
        Assert.Equal(SessionLog + interleaved, merged);
        Assert.Single(merged.Split('\n'), line => line == "- tests green");
    }

    [Theory]
    [InlineData(Integration.Pull)]
    [InlineData(Integration.PullRebase)]
    [InlineData(Integration.FetchMerge)]
    public void MemoryBankUnion_BothAppendMultiLineEntries_KeepsEachEntryWholeInTimeOrder(Integration integration)
    {
        using var run = TwoClones.Start(NaiveAttributes, ("SESSION_LOG.md", SessionLog), withInit: true);

        var result = run.Diverge("SESSION_LOG.md", ours: SessionLog + QaEntry, theirs: SessionLog + DevEntry, integration);

        result.AssertSuccess();

        // Same date: ordered by heading, whichever side git calls ours.
        Assert.Equal(SessionLog + DevEntry + QaEntry, run.ReadB("SESSION_LOG.md"));
        run.AssertCleanAndNotMidMerge();
    }

    // (3) Duplication.
    [Theory]
    [InlineData(Integration.Pull)]
    [InlineData(Integration.PullRebase)]
    [InlineData(Integration.FetchMerge)]
    public void GitUnion_SameEntryAddedAtDifferentPlaces_KeepsItTwice(Integration integration)
    {
        using var run = TwoClones.Start(NaiveAttributes, ("lessons-buffer.md", LessonsHeader + LessonA + LessonB + LessonC), withInit: false);

        var result = run.Diverge(
            "lessons-buffer.md",
            ours: LessonsHeader + LessonA + LessonB + LessonC + SharedLesson,
            theirs: LessonsHeader + SharedLesson + LessonA + LessonB + LessonC,
            integration);

        result.AssertSuccess();
        Assert.Equal(LessonsHeader + SharedLesson + LessonA + LessonB + LessonC + SharedLesson, run.ReadB("lessons-buffer.md"));
    }

    [Theory]
    [InlineData(Integration.Pull)]
    [InlineData(Integration.PullRebase)]
    [InlineData(Integration.FetchMerge)]
    public void MemoryBankUnion_SameEntryAddedAtDifferentPlaces_KeepsItOnceInTheEarlierPlace(Integration integration)
    {
        using var run = TwoClones.Start(NaiveAttributes, ("lessons-buffer.md", LessonsHeader + LessonA + LessonB + LessonC), withInit: true);

        var result = run.Diverge(
            "lessons-buffer.md",
            ours: LessonsHeader + LessonA + LessonB + LessonC + SharedLesson,
            theirs: LessonsHeader + SharedLesson + LessonA + LessonB + LessonC,
            integration);

        result.AssertSuccess();
        Assert.Equal(LessonsHeader + SharedLesson + LessonA + LessonB + LessonC, run.ReadB("lessons-buffer.md"));
        run.AssertCleanAndNotMidMerge();
    }

    // (4) "theirs" is the remote side on a merge and the local side on a rebase: the answer depends on how
    // B integrates, not on which text is newer. B's text is the later one here, and a merge throws it away.
    [Theory]
    [InlineData(Integration.Pull, ContextEarlier)]
    [InlineData(Integration.PullRebase, ContextLater)]
    [InlineData(Integration.FetchMerge, ContextEarlier)]
    public void TakeTheirsDriver_BothEditActiveContext_WinnerDependsOnMergeOrRebase(Integration integration, string expected)
    {
        using var run = TwoClones.Start(TakeTheirsAttributes, ("activeContext.md", ContextBase), withInit: false, configure: clone =>
        {
            clone.Git("config", "merge.take-theirs.name", "take theirs");
            clone.Git("config", "merge.take-theirs.driver", TakeTheirsDriver);
        });

        var result = run.Diverge("activeContext.md", ours: ContextLater, theirs: ContextEarlier, integration);

        result.AssertSuccess();
        Assert.Equal(expected, run.ReadB("activeContext.md"));
    }

    [Theory]
    [InlineData(Integration.Pull, LaterSide.Local)]
    [InlineData(Integration.Pull, LaterSide.Remote)]
    [InlineData(Integration.PullRebase, LaterSide.Local)]
    [InlineData(Integration.PullRebase, LaterSide.Remote)]
    [InlineData(Integration.FetchMerge, LaterSide.Local)]
    [InlineData(Integration.FetchMerge, LaterSide.Remote)]
    public void MemoryBankTheirs_BothEditActiveContext_LaterStampWinsAndLoserIsKept(Integration integration, LaterSide later)
    {
        // The naive take-theirs line stays in .gitattributes; init's block comes after it, and later lines win.
        using var run = TwoClones.Start(TakeTheirsAttributes, ("activeContext.md", ContextBase), withInit: true);
        var (local, remote) = later == LaterSide.Local ? (ContextLater, ContextEarlier) : (ContextEarlier, ContextLater);

        var result = run.Diverge("activeContext.md", ours: local, theirs: remote, integration);

        result.AssertSuccess();
        Assert.Equal(ContextLater, run.ReadB("activeContext.md"));
        var conflicts = Path.Combine(run.B, ".git", "memory-bank", "conflicts");
        var copy = Assert.Single(Directory.GetFiles(conflicts));
        Assert.Equal("activeContext.20261120T100000Z.laptop.md", Path.GetFileName(copy));
        Assert.Equal(ContextEarlier, File.ReadAllText(copy));
        run.AssertCleanAndNotMidMerge();
    }

    [Fact]
    public void MemoryBankGraph_MalformedJsonLinesOnOneSide_DriverFailsAndGitReportsANormalConflict()
    {
        using var run = TwoClones.Start(NaiveAttributes, ("memory.jsonl", GraphBase), withInit: true);
        const string malformed = "{\"type\":\"entity\",\"name\":\"Broken\"\n";

        var result = run.Diverge("memory.jsonl", ours: GraphBase + malformed, theirs: GraphBase + GraphAdded, Integration.Pull);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("CONFLICT", result.StandardOutput + result.StandardError);
        Assert.Contains($"memory-bank merge-driver: cannot merge '{Bank}/memory.jsonl' with the graph strategy", result.StandardError);

        // The driver left %A alone, so the work tree holds B's own text, and git records the conflict.
        Assert.Equal(GraphBase + malformed, run.ReadB("memory.jsonl"));
        Assert.Equal($"UU {Bank}/memory.jsonl", run.Sandbox.Git(run.B, "status", "--porcelain"));
    }

    [Fact]
    public void MemoryBankGraph_BothAddEntities_MergesWithoutConflict()
    {
        using var run = TwoClones.Start(NaiveAttributes, ("memory.jsonl", GraphBase), withInit: true);
        const string other = "{\"type\":\"entity\",\"name\":\"Git\",\"entityType\":\"tool\",\"observations\":[\"runs the drivers\"]}\n";

        var result = run.Diverge("memory.jsonl", ours: GraphBase + other, theirs: GraphBase + GraphAdded, Integration.Pull);

        result.AssertSuccess();
        Assert.Equal(GraphBase + other + GraphAdded, run.ReadB("memory.jsonl"));
        run.AssertCleanAndNotMidMerge();
    }

    [Fact]
    public void MergeDriver_UnionOnFilesInATempFolder_WritesTheResultToOurs()
    {
        using var sandbox = new GitSandbox();
        var folder = Directory.CreateDirectory(Path.Combine(sandbox.Root, "direct")).FullName;
        var (basePath, oursPath, theirsPath) = WriteInputs(folder, SessionLog, SessionLog + QaEntry, SessionLog + DevEntry);

        var result = CliProcess.Run(sandbox, folder, "merge-driver", "union", basePath, oursPath, theirsPath, $"{Bank}/SESSION_LOG.md").AssertSuccess();

        Assert.Equal(SessionLog + DevEntry + QaEntry, File.ReadAllText(oursPath));
        Assert.Equal(SessionLog, File.ReadAllText(basePath));
        Assert.Equal(SessionLog + DevEntry, File.ReadAllText(theirsPath));
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public void MergeDriver_TheirsOutsideARepository_WritesTheLaterStampAndSaysTheLoserIsNotKept()
    {
        using var sandbox = new GitSandbox();
        var folder = Directory.CreateDirectory(Path.Combine(sandbox.Root, "direct")).FullName;
        var (basePath, oursPath, theirsPath) = WriteInputs(folder, ContextBase, ContextEarlier, ContextLater);
        var ceiling = new Dictionary<string, string> { ["GIT_CEILING_DIRECTORIES"] = sandbox.Root };

        var result = CliProcess.RunWith(sandbox, folder, ceiling, "merge-driver", "theirs", basePath, oursPath, theirsPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ContextLater, File.ReadAllText(oursPath));
        Assert.Contains("no .git folder was found", result.StandardError);
    }

    [Fact]
    public void MergeDriver_TwoUnstampedLosersInTurn_KeepsEachInItsOwnConflictCopy()
    {
        using var sandbox = new GitSandbox();
        var repo = Directory.CreateDirectory(Path.Combine(sandbox.Root, "repo")).FullName;
        sandbox.Git(repo, "init", "-q");
        const string head = "# Active context\n\n## Now\n\n";
        const string path = Bank + "/activeContext.md";

        // Without stamps the ordinal-larger text wins: alpha loses the first merge, delta the second.
        var first = WriteInputs(repo, head + "- base\n", head + "- alpha\n", head + "- beta\n");
        CliProcess.Run(sandbox, repo, "merge-driver", "theirs", first.Base, first.Ours, first.Theirs, path).AssertSuccess();
        var second = WriteInputs(repo, head + "- base\n", head + "- gamma\n", head + "- delta\n");
        CliProcess.Run(sandbox, repo, "merge-driver", "theirs", second.Base, second.Ours, second.Theirs, path).AssertSuccess();
        var again = WriteInputs(repo, head + "- base\n", head + "- alpha\n", head + "- beta\n");
        CliProcess.Run(sandbox, repo, "merge-driver", "theirs", again.Base, again.Ours, again.Theirs, path).AssertSuccess();

        var conflicts = Path.Combine(repo, ".git", "memory-bank", "conflicts");
        Assert.Equal(
            ["activeContext.unstamped.unknown.2.md", "activeContext.unstamped.unknown.md"],
            Directory.GetFiles(conflicts).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(head + "- alpha\n", File.ReadAllText(Path.Combine(conflicts, "activeContext.unstamped.unknown.md")));
        Assert.Equal(head + "- delta\n", File.ReadAllText(Path.Combine(conflicts, "activeContext.unstamped.unknown.2.md")));
        Assert.Equal(head + "- beta\n", File.ReadAllText(again.Ours));
    }

    [Theory]
    [InlineData("{\"type\":\"entity\",\"name\":\"Broken\"\n")]
    [InlineData("[1, 2]\n")]
    [InlineData("{\"type\":\"person\",\"name\":\"x\"}\n")]
    public void MergeDriver_MalformedGraphInput_ExitsOneAndLeavesOursUntouched(string badLine)
    {
        using var sandbox = new GitSandbox();
        var folder = Directory.CreateDirectory(Path.Combine(sandbox.Root, "direct")).FullName;
        var oursText = GraphBase + badLine;
        var (basePath, oursPath, theirsPath) = WriteInputs(folder, GraphBase, oursText, GraphBase + GraphAdded);
        var before = File.ReadAllBytes(oursPath);
        var written = File.GetLastWriteTimeUtc(oursPath);

        var result = CliProcess.Run(sandbox, folder, "merge-driver", "graph", basePath, oursPath, theirsPath, $"{Bank}/memory.jsonl");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(oursPath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(oursPath));
        Assert.Contains($"cannot merge '{Bank}/memory.jsonl' with the graph strategy", result.StandardError);
        Assert.Contains("The knowledge graph in the ours version is not valid JSON Lines: line 2:", result.StandardError);
    }

    [Theory]
    [InlineData]
    [InlineData("union")]
    [InlineData("union", "base", "ours")]
    [InlineData("union", "base", "ours", "theirs", "path", "extra")]
    [InlineData("newest", "base", "ours", "theirs")]
    [InlineData("1", "base", "ours", "theirs")]
    [InlineData("", "base", "ours", "theirs")]
    public void MergeDriver_WrongArguments_ExitsTwoWithUsage(params string[] arguments)
    {
        using var sandbox = new GitSandbox();

        var result = CliProcess.Run(sandbox, sandbox.Root, ["merge-driver", .. arguments]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: memory-bank merge-driver <union|theirs|graph|ours> <base> <ours> <theirs> [<path>]", result.StandardError);
    }

    [Fact]
    public void MergeDriver_MissingOursFile_ExitsOneNamingThePath()
    {
        using var sandbox = new GitSandbox();
        var folder = Directory.CreateDirectory(Path.Combine(sandbox.Root, "direct")).FullName;
        var (basePath, _, theirsPath) = WriteInputs(folder, SessionLog, SessionLog, SessionLog + DevEntry);
        var missing = Path.Combine(folder, "missing.md");

        var result = CliProcess.Run(sandbox, folder, "merge-driver", "union", basePath, missing, theirsPath, $"{Bank}/SESSION_LOG.md");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"'{Bank}/SESSION_LOG.md'", result.StandardError);
        Assert.False(File.Exists(missing));
    }

    private static (string Base, string Ours, string Theirs) WriteInputs(string folder, string @base, string ours, string theirs)
    {
        var paths = (Path.Combine(folder, "base.tmp"), Path.Combine(folder, "ours.tmp"), Path.Combine(folder, "theirs.tmp"));
        GitSandbox.Write(paths.Item1, @base);
        GitSandbox.Write(paths.Item2, ours);
        GitSandbox.Write(paths.Item3, theirs);
        return paths;
    }

    /// <summary>A clone's folder with git bound to it.</summary>
    private sealed record Clone(GitSandbox Sandbox, string Path)
    {
        public string Git(params string[] arguments) => Sandbox.Git(Path, arguments);
    }

    /// <summary>
    /// A bare remote with one bank file and a hand-written .gitattributes, and two clones. B created the bank and
    /// pushed it (with <c>withInit</c>, after running <c>memory-bank init</c> and committing its .gitattributes
    /// block); A is a plain clone. git runs merge drivers only in the clone that merges, and the drivers live in
    /// that clone's own .git/config, so only B needs init to have run there.
    /// </summary>
    private sealed class TwoClones : IDisposable
    {
        private TwoClones(GitSandbox sandbox, string a, string b)
        {
            Sandbox = sandbox;
            A = a;
            B = b;
        }

        public GitSandbox Sandbox { get; }

        /// <summary>The clone that pushes first.</summary>
        public string A { get; }

        /// <summary>The clone that integrates A's push.</summary>
        public string B { get; }

        public static TwoClones Start(string attributes, (string Name, string Text) file, bool withInit, Action<Clone>? configure = null)
        {
            var sandbox = new GitSandbox();
            try
            {
                var b = sandbox.Clone("b");
                GitSandbox.Write(Path.Combine(b, "README.md"), "# Project\n");
                GitSandbox.Write(Path.Combine(b, ".gitattributes"), attributes);
                GitSandbox.Write(BankFile(b, file.Name), file.Text);
                Commit(sandbox, b, "bank");
                if (withInit)
                {
                    CliProcess.Run(sandbox, b, "init").AssertSuccess();
                    Commit(sandbox, b, "memory-bank init");
                }

                sandbox.Git(b, "push", "-q", "origin", "main");
                sandbox.Git(b, "config", "pull.rebase", "false");
                configure?.Invoke(new Clone(sandbox, b));

                var a = sandbox.Clone("a");
                Assert.Equal(file.Text, File.ReadAllText(BankFile(a, file.Name)));
                return new TwoClones(sandbox, a, b);
            }
            catch
            {
                sandbox.Dispose();
                throw;
            }
        }

        /// <summary>
        /// A writes <paramref name="theirs"/> and pushes; B writes <paramref name="ours"/>, commits, and integrates
        /// A's push with <paramref name="integration"/>. Returns git's result (a conflict is not thrown).
        /// </summary>
        public ProcessResult Diverge(string name, string ours, string theirs, Integration integration)
        {
            GitSandbox.Write(BankFile(A, name), theirs);
            Commit(Sandbox, A, "a: " + name);
            Sandbox.Git(A, "push", "-q", "origin", "main");

            GitSandbox.Write(BankFile(B, name), ours);
            Commit(Sandbox, B, "b: " + name);
            return integration switch
            {
                Integration.Pull => Sandbox.TryGit(B, "pull"),
                Integration.PullRebase => Sandbox.TryGit(B, "pull", "--rebase"),
                _ => FetchThenMerge(),
            };
        }

        public string ReadB(string name) => File.ReadAllText(BankFile(B, name));

        /// <summary>Nothing is left half-done: no changes, no merge or rebase in progress, and B is ahead of A's push.</summary>
        public void AssertCleanAndNotMidMerge()
        {
            Assert.Equal(string.Empty, Sandbox.Git(B, "status", "--porcelain"));
            foreach (var marker in new[] { "MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD" })
            {
                Assert.False(Path.Exists(Path.Combine(B, ".git", marker)), $"{marker} is left in {B}");
            }

            Sandbox.Git(B, "merge-base", "--is-ancestor", "origin/main", "HEAD");
        }

        public void Dispose() => Sandbox.Dispose();

        private static string BankFile(string clone, string name) => Path.Combine(clone, Bank, name);

        private static void Commit(GitSandbox sandbox, string clone, string message)
        {
            sandbox.Git(clone, "add", "-A");
            sandbox.Git(clone, "commit", "-q", "-m", message);
        }

        private ProcessResult FetchThenMerge()
        {
            var fetch = Sandbox.TryGit(B, "fetch", "-q", "origin");
            return fetch.ExitCode != 0 ? fetch : Sandbox.TryGit(B, "merge", "origin/main");
        }
    }
}
