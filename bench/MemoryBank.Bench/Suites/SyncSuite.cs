using MemoryBank.Bench.Harness;

namespace MemoryBank.Bench.Suites;

/// <summary>
/// Measure 3: <c>memory-bank save</c> and <c>start</c> against the raw git a user would type, on a generated
/// repository with a local bare remote, at two code-tree sizes and two bank sizes, then traced runs that
/// count git processes and time them.
/// </summary>
internal static class SyncSuite
{
    private const double RatioTarget = 1.3;
    private const double WallTargetMs = 1000;

    public static void Run(BenchContext context)
    {
        var figures = new List<SyncFigures>();
        var (largeCommits, largeFiles, smallCommits, smallFiles) = context.Quick ? (1_000, 2_000, 100, 200) : (10_000, 20_000, 1_000, 2_000);
        const long SmallBank = 70_000;
        const long LargeBank = 700_000;

        BenchContext.Log($"sync: generating {largeCommits} commits / {largeFiles} files");
        var large = SyncFixture.Create(context, Path.Combine(context.WorkDirectory, "sync-large"), largeCommits, largeFiles, SmallBank);
        BenchContext.Log($"sync: fixture ready in {large.SetupTime.TotalSeconds:N1} s");
        figures.Add(Measure(context, large, $"{Format.Count(largeFiles)} files, {Format.Count(largeCommits)} commits, ~70 KB bank", 15, detailed: true));

        BenchContext.Log("sync: growing the bank");
        large.GrowBank(context, LargeBank);
        figures.Add(Measure(context, large, $"{Format.Count(largeFiles)} files, {Format.Count(largeCommits)} commits, ~700 KB bank", 10, detailed: false));
        Remove(context, large);

        BenchContext.Log($"sync: generating {smallCommits} commits / {smallFiles} files");
        var small = SyncFixture.Create(context, Path.Combine(context.WorkDirectory, "sync-small"), smallCommits, smallFiles, SmallBank);
        figures.Insert(0, Measure(context, small, $"{Format.Count(smallFiles)} files, {Format.Count(smallCommits)} commits, ~70 KB bank", 10, detailed: false));
        Remove(context, small);

        Write(context, figures, large.SetupTime);
    }

    private static void Remove(BenchContext context, SyncFixture fixture)
    {
        if (!context.Keep)
        {
            Directory.Delete(fixture.Root, recursive: true);
        }
    }

    private static SyncFigures Measure(BenchContext context, SyncFixture fixture, string label, int iterations, bool detailed)
    {
        var operations = new SyncOperations(context, fixture);
        var run = Guid.NewGuid().ToString("N")[..6];
        var plain = context.Runner;

        BenchContext.Log($"sync: {label}: save");
        var (saveMemoryBank, saveGit) = Sampler.Alternate(
            SyncOperations.SaveWithMemoryBank,
            i => operations.MemoryBankSave(plain, $"{run}-{i}", verbose: false).Ms,
            SyncOperations.SaveWithGit,
            i => operations.GitSave(plain, $"{run}-{i}").Ms,
            context.WarmUp(2),
            context.Iterations(iterations));

        BenchContext.Log($"sync: {label}: start");
        var (startMemoryBank, startGit) = Sampler.Alternate(
            SyncOperations.StartWithMemoryBank,
            i => operations.MemoryBankStart(plain, $"{run}-{i}", verbose: false).Ms,
            SyncOperations.StartWithGit,
            i => operations.GitStart(plain, $"{run}-{i}").Ms,
            context.WarmUp(2),
            context.Iterations(iterations));

        // Both clones took in the last publication above, so nothing is new for either.
        BenchContext.Log($"sync: {label}: start with nothing new");
        var (quietMemoryBank, quietGit) = Sampler.Alternate(
            SyncOperations.StartWithMemoryBank + ", nothing new",
            _ => operations.MemoryBankQuietStart(plain),
            SyncOperations.StartWithGit + ", nothing new",
            _ => operations.GitQuietStart(plain),
            context.WarmUp(2),
            context.Iterations(iterations));

        foreach (var series in new[] { saveMemoryBank, saveGit, startMemoryBank, startGit, quietMemoryBank, quietGit })
        {
            context.Report.Keep("sync " + label, series);
        }

        BenchContext.Log($"sync: {label}: traced runs");
        var runs = context.Quick ? 1 : 3;
        var profiles = new List<SyncProfile>
        {
            Profile(context, SyncOperations.SaveWithMemoryBank, runs, (runner, i) => operations.MemoryBankSave(runner, $"{run}-trace-{i}", verbose: true)),
            Profile(context, SyncOperations.SaveWithGit, runs, (runner, i) => operations.GitSave(runner, $"{run}-trace-{i}")),
            Profile(context, SyncOperations.StartWithMemoryBank, runs, (runner, i) => operations.MemoryBankStart(runner, $"{run}-trace-mb-{i}", verbose: true)),
            Profile(context, SyncOperations.StartWithGit, runs, (runner, i) => operations.GitStart(runner, $"{run}-trace-git-{i}")),
        };
        fixture.RequireClean(context);
        return new SyncFigures(label, fixture.Files, fixture.Commits, fixture.BankBytes, saveMemoryBank, saveGit, startMemoryBank, startGit, quietMemoryBank, quietGit, detailed ? profiles : profiles.Select(p => p with { ByCommand = [] }).ToArray());
    }

    private static SyncProfile Profile(BenchContext context, string operation, int runs, Func<ProcessRunner, int, (double Ms, ProcessResult? Tool)> run)
    {
        var walls = new List<double>();
        var topLevel = new List<double>();
        var all = new List<double>();
        var gitMs = new List<double>();
        var verbose = new List<double>();
        var before = new List<double>();
        var between = new List<double>();
        var after = new List<double>();
        var medianGap = new List<double>();
        var byCommand = new Dictionary<string, (double Processes, double Ms)>(StringComparer.Ordinal);
        var gaps = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < runs; i++)
        {
            var trace = Path.Combine(context.WorkDirectory, $"trace-{Guid.NewGuid():N}.json");
            var runner = context.Runner.With(new Dictionary<string, string?> { ["GIT_TRACE2_EVENT"] = trace });
            var (ms, tool) = run(runner, i);
            var processes = GitTrace.Read(trace);
            File.Delete(trace);
            var started = processes.Where(p => p.TopLevel).ToArray();

            // A long-lived git (memory-bank's cat-file --batch-command) runs while others start and end: it is
            // counted as a process, but the timeline below is made of the others, one after another.
            var top = started.Where(p => !started.Any(q => q != p && q.StartUtc >= p.StartUtc && q.EndUtc <= p.EndUtc)).ToArray();
            walls.Add(ms);
            topLevel.Add(started.Length);
            all.Add(processes.Count);
            gitMs.Add(top.Sum(p => p.Milliseconds));
            foreach (var group in started.GroupBy(p => p.Name))
            {
                var (count, total) = byCommand.GetValueOrDefault(group.Key);
                byCommand[group.Key] = (count + ((double)group.Count() / runs), total + (group.Sum(p => p.Milliseconds) / runs));
            }

            if (tool is null || top.Length == 0)
            {
                continue;
            }

            // The timeline of one memory-bank process: its own clock for start and exit, git's for each command.
            verbose.Add(tool.StandardError.Split('\n').Count(l => l.StartsWith("VERBOSE: git ", StringComparison.Ordinal)));
            before.Add((top[0].StartUtc - tool.StartedUtc).TotalMilliseconds);
            after.Add((tool.ExitedUtc - top[^1].EndUtc).TotalMilliseconds);
            var gapTotal = 0.0;
            var runGaps = new List<double>();
            for (var k = 1; k < top.Length; k++)
            {
                var gap = Math.Max(0, (top[k].StartUtc - top[k - 1].EndUtc).TotalMilliseconds);
                gapTotal += gap;
                runGaps.Add(gap);
                var label = $"{top[k - 1].Name} → {top[k].Name} (#{k + 1})";
                gaps[label] = gaps.GetValueOrDefault(label) + (gap / runs);
            }

            between.Add(gapTotal);
            if (runGaps.Count > 0)
            {
                medianGap.Add(Stats.Of(runGaps).Median);
            }
        }

        double Median(List<double> values) => values.Count == 0 ? 0 : Stats.Of(values).Median;
        return new SyncProfile(
            operation,
            Median(walls),
            Median(topLevel),
            Median(all),
            Median(gitMs),
            Median(verbose),
            Median(before),
            Median(between),
            Median(after),
            Median(medianGap),
            byCommand.OrderByDescending(c => c.Value.Ms).Select(c => (c.Key, c.Value.Processes, c.Value.Ms)).ToArray(),
            gaps.OrderByDescending(g => g.Value).Take(6).Select(g => (g.Key, g.Value)).ToArray());
    }

    private static void Write(BenchContext context, IReadOnlyList<SyncFigures> figures, TimeSpan largeSetup)
    {
        var report = context.Report;
        report.Heading("3. Sync vs raw git");
        report.Paragraph(
            "Fixture: a local bare remote; code history generated with `git fast-import` (small commits, each adding two files and editing one, 100 files to a folder); "
            + "the bank set up with `memory-bank init` in clone A, filled with generated files, committed and pushed; clones B and C cloned and `memory-bank init` run there. "
            + "Clone A uses memory-bank, clone C uses raw git, clone B is the other clone that publishes. "
            + $"Generating the 20k-file fixture took {largeSetup.TotalSeconds:N0} s. "
            + "Each clone has its own `user.name`; global config is a fixture file (`pull.rebase=false`, `gc.auto=0`), system config is off.");
        report.Paragraph(
            "(a) Save: append one lessons-buffer entry in clone A, then `memory-bank save`, against the same append in clone C then `git pull`, `git add <file>`, `git commit -m`, `git push` (sum of the four processes). "
            + "After each, the other clone catches up untimed (`git pull --ff-only` in C, `memory-bank start` in A), so both always save with nothing incoming. "
            + "(b) Start: clone B publishes one change with `memory-bank save` (not timed), then `memory-bank start` in clone A and `git fetch` + `git merge --ff-only origin/main` in clone C take in that same commit. "
            + "(c) Start with nothing new: right after (b), `memory-bank start` in A against `git fetch` + `git merge --ff-only origin/main` in C, neither with anything to take in (the common case at the start of a session). "
            + "The two sides alternate and swap order every iteration; every run is checked (the entry reached the remote, or the clone's work tree), and all clones must be clean at the end. "
            + "memory-bank save also writes its SESSION_LOG entry, and start merges entry by entry; raw git does neither.");

        var table = new MarkdownTable("Fixture", "Operation", " memory-bank ms, median (p90)", " raw git ms, median (p90)", " Ratio", " Runs", "≤ 1.3× git", "< 1 s");
        foreach (var f in figures)
        {
            AddRow(table, f.Label, "save", f.SaveMemoryBank, f.SaveGit);
            AddRow(table, f.Label, "start", f.StartMemoryBank, f.StartGit);
            AddRow(table, f.Label, "start, nothing new", f.QuietStartMemoryBank, f.QuietStartGit);
        }

        report.Table(table);

        report.SubHeading("Growth with code-tree size and bank size");
        report.Paragraph("Medians from the table above; bank sizes as measured at the end of each fixture's runs (the runs append entries).");
        var small = figures[0];
        var large = figures[1];
        var bigBank = figures[2];
        var growth = new MarkdownTable("Operation", $" {Short(small)}", $" {Short(large)}", " ×, 10× code", $" {Short(bigBank)}", " ×, 10× bank");
        void Grow(string name, Func<SyncFigures, Series> pick) => growth.Add(
            name,
            Format.Ms(pick(small).Stats.Median),
            Format.Ms(pick(large).Stats.Median),
            Format.Ratio(pick(large).Stats.Median / pick(small).Stats.Median),
            Format.Ms(pick(bigBank).Stats.Median),
            Format.Ratio(pick(bigBank).Stats.Median / pick(large).Stats.Median));
        Grow("memory-bank save", f => f.SaveMemoryBank);
        Grow("raw git save", f => f.SaveGit);
        Grow("memory-bank start", f => f.StartMemoryBank);
        Grow("raw git start", f => f.StartGit);
        report.Table(growth);

        report.SubHeading("Where the time goes (traced runs)");
        report.Paragraph(
            "Separate runs with `GIT_TRACE2_EVENT` set (and `--verbose` for memory-bank): git processes the operation started, git's own wall time for them, "
            + "and the rest (for memory-bank: .NET start-up, process spawning, in-process work; for raw git: the harness starting each command). "
            + $"Medians of {(context.Quick ? 1 : 3)} runs; tracing adds a little to every git process. "
            + "memory-bank's long-lived `git cat-file --batch-command`, which answers its object reads while other commands come and go, "
            + "counts as a process but not in Σ git ms or the timeline: the reads it serves show up as time between git commands.");
        var profile = new MarkdownTable("Fixture", "Operation", " Wall ms", " git processes", " incl. children", " `--verbose` lines", " Σ git ms", " Outside git ms", " before 1st git", " between gits", " median gap", " after last git");
        foreach (var f in figures)
        {
            foreach (var p in f.Profiles)
            {
                var tool = p.Operation.StartsWith("memory-bank", StringComparison.Ordinal);
                profile.Add(
                    Short(f),
                    p.Operation,
                    Format.Ms(p.WallMs),
                    Format.Count(p.TopLevelProcesses),
                    Format.Count(p.AllProcesses),
                    tool ? Format.Count(p.VerboseCommands) : "–",
                    Format.Ms(p.GitMs),
                    Format.Ms(p.OutsideGitMs),
                    tool ? Format.Ms(p.BeforeFirstGitMs) : "–",
                    tool ? Format.Ms(p.BetweenGitMs) : "–",
                    tool ? Format.Ms(p.MedianGapMs) : "–",
                    tool ? Format.Ms(p.AfterLastGitMs) : "–");
            }
        }

        report.Table(profile);
        report.Paragraph(
            "For memory-bank, outside-git time splits into: before the first git command (process start-up and command-line parsing; with the ReadyToRun build also runtime start-up and JIT), "
            + "between git commands (in-process work plus starting each process; the median gap is about what starting one git process costs from .NET), and after the last one (state file, output). "
            + "Raw git's outside-git time is the harness starting its commands.");

        foreach (var (f, p) in figures.SelectMany(f => f.Profiles.Select(p => (f, p))).Where(x => x.p.Operation.StartsWith("memory-bank", StringComparison.Ordinal)))
        {
            if (p.ByCommand.Count > 0)
            {
                report.Paragraph($"`{p.Operation}` on {f.Label}: git commands per run, by time.");
                var commands = new MarkdownTable("git command", " Processes", " Σ ms", " ms each");
                foreach (var (command, processes, ms) in p.ByCommand)
                {
                    commands.Add(command, Format.Number(processes, "0.#"), Format.Ms(ms), Format.Ms(ms / processes));
                }

                report.Table(commands);
            }

            report.Paragraph($"`{p.Operation}` on {f.Label}: where the in-process time sits (git commands numbered in run order).");
            var gaps = new MarkdownTable("Largest gaps between git commands", " ms");
            foreach (var (between, ms) in p.LargestGaps)
            {
                gaps.Add(between, Format.Ms(ms));
            }

            gaps.Add("before the first git command", Format.Ms(p.BeforeFirstGitMs));
            gaps.Add("after the last git command", Format.Ms(p.AfterLastGitMs));
            report.Table(gaps);
        }
    }

    private static void AddRow(MarkdownTable table, string label, string operation, Series memoryBank, Series git)
    {
        var ratio = memoryBank.Stats.Median / git.Stats.Median;
        table.Add(
            label,
            operation,
            Format.MedianP90(memoryBank.Stats),
            Format.MedianP90(git.Stats),
            Format.Ratio(ratio),
            Format.Count(memoryBank.Stats.Count),
            ratio <= RatioTarget ? "met" : "**missed**",
            memoryBank.Stats.Median < WallTargetMs ? "met" : "**missed**");
    }

    private static string Short(SyncFigures f) => $"{(f.Files >= 1000 ? $"{f.Files / 1000}k" : Format.Count(f.Files))} files, {Format.Bytes(f.BankBytes)}";
}
