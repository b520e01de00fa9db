using System.Diagnostics;
using MemoryBank.Bench.Corpus;
using MemoryBank.Bench.Harness;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;

namespace MemoryBank.Bench.Suites;

/// <summary>
/// Measure 2: the merge-driver process end to end on a ~0.85 MB SESSION_LOG with 1,000 new entries per
/// side, against <c>git merge-file --union</c> on the same files, alternating, each on a fresh copy. Then
/// where the driver's time goes: runtime start-up, the driver on tiny files, the in-process phases, and
/// a few runtime settings that can be tried without a rebuild.
/// </summary>
internal static class MergeDriverSuite
{
    private const long BaseBytes = 870_000;
    private const int AddedPerSide = 1_000;
    private const double Target = 3.0;

    public static void Run(BenchContext context)
    {
        var report = context.Report;
        var folder = Path.Combine(context.WorkDirectory, "driver");
        var runFolder = Path.Combine(folder, "run");
        Directory.CreateDirectory(runFolder);

        var baseEntries = BankCorpus.SessionsForSize(context.Quick ? BaseBytes / 10 : BaseBytes);
        var inputs = BankCorpus.SessionLogMerge(baseEntries, context.Quick ? AddedPerSide / 10 : AddedPerSide);
        var (basePath, oursPath, theirsPath) = WriteInputs(folder, "big", inputs);
        var tiny = BankCorpus.SessionLogMerge(3, 1);
        var (tinyBase, tinyOurs, tinyTheirs) = WriteInputs(folder, "tiny", tiny);

        report.Heading("2. Merge driver process vs `git merge-file --union`");
        report.Paragraph(
            $"Inputs: SESSION_LOG base {Format.Bytes(new FileInfo(basePath).Length)} ({Format.Count(inputs.BaseEntries)} sections), "
            + $"ours and theirs each add {Format.Count((inputs.ExpectedEntries - inputs.BaseEntries) / 2)} sections ({Format.Bytes(new FileInfo(oursPath).Length)} each). "
            + "Each run gets a fresh copy of ours (the copy is not timed); the two commands alternate and swap order every iteration. "
            + "`git merge-file --union` concatenates the two added blocks; the driver merges them in time order and checks the joins.");

        BenchContext.Log("merge driver vs git merge-file");
        var driverOut = Path.Combine(runFolder, "driver-ours.md");
        var gitOut = Path.Combine(runFolder, "git-ours.md");
        var expectedGitBytes = new FileInfo(oursPath).Length + new FileInfo(theirsPath).Length - new FileInfo(basePath).Length;
        var (driver, git) = Sampler.Alternate(
            "memory-bank merge-driver union",
            i =>
            {
                File.Copy(oursPath, driverOut, overwrite: true);
                var elapsed = context.Runner.Run(context.Cli, ["merge-driver", "union", basePath, driverOut, theirsPath, "SESSION_LOG.md"], folder).ElapsedMs;
                if (i == 0)
                {
                    RequireEntries(driverOut, inputs.ExpectedEntries);
                }

                return elapsed;
            },
            "git merge-file --union",
            i =>
            {
                File.Copy(oursPath, gitOut, overwrite: true);
                var elapsed = context.Runner.Run("git", ["merge-file", "--union", gitOut, basePath, theirsPath], folder).ElapsedMs;
                if (Math.Abs(new FileInfo(gitOut).Length - expectedGitBytes) > 16)
                {
                    throw new BenchmarkException($"git merge-file --union wrote {new FileInfo(gitOut).Length} bytes, expected about {expectedGitBytes}.");
                }

                return elapsed;
            },
            context.WarmUp(3),
            context.Iterations(21));
        report.Keep("merge-driver", driver);
        report.Keep("merge-driver", git);
        var ratio = driver.Stats.Median / git.Stats.Median;
        report.Table(new MarkdownTable("Command", " Median ms", " p90 ms", " Runs", " Ratio to git")
            .Add("`memory-bank merge-driver union base ours theirs SESSION_LOG.md`", Format.Ms(driver.Stats.Median), Format.Ms(driver.Stats.P90), Format.Count(driver.Stats.Count), Format.Ratio(ratio))
            .Add("`git merge-file --union ours base theirs`", Format.Ms(git.Stats.Median), Format.Ms(git.Stats.P90), Format.Count(git.Stats.Count), Format.Ratio(1)));
        report.Paragraph($"Target: driver ≤ {Target:0}× git. **{(ratio <= Target ? "Met" : "Missed")}**: {Format.Ratio(ratio)}.");

        Breakdown(context, folder, inputs, (basePath, oursPath, theirsPath), (tinyBase, tinyOurs, tinyTheirs), driver.Stats.Median, git.Stats.Median);
    }

    private static void Breakdown(
        BenchContext context,
        string folder,
        MergeInputs inputs,
        (string Base, string Ours, string Theirs) big,
        (string Base, string Ours, string Theirs) tiny,
        double driverMedian,
        double gitMedian)
    {
        var report = context.Report;
        BenchContext.Log("merge driver: start-up");
        var tinyOut = Path.Combine(folder, "run", "tiny-out.md");
        double TinyDriver(string cli)
        {
            File.Copy(tiny.Ours, tinyOut, overwrite: true);
            return context.Runner.Run(cli, ["merge-driver", "union", tiny.Base, tinyOut, tiny.Theirs, "SESSION_LOG.md"], folder).ElapsedMs;
        }

        var startupRuns = new List<(string Name, Func<int, double> Run)>
        {
            ("memory-bank --version", _ => context.Runner.Run(context.Cli, ["--version"], folder).ElapsedMs),
            ("memory-bank merge-driver union, 3-entry files", _ => TinyDriver(context.Cli)),
            ("git merge-file --union, 3-entry files", _ =>
            {
                File.Copy(tiny.Ours, tinyOut, overwrite: true);
                return context.Runner.Run("git", ["merge-file", "--union", tinyOut, tiny.Base, tiny.Theirs], folder).ElapsedMs;
            }),
        };
        if (context.AltCli is { } alt)
        {
            startupRuns.Add(("--alt-cli build: --version", _ => context.Runner.Run(alt, ["--version"], folder).ElapsedMs));
            startupRuns.Add(("--alt-cli build: merge-driver union, 3-entry files", _ => TinyDriver(alt)));
        }

        var startup = Sampler.RoundRobin(startupRuns, context.WarmUp(3), context.Iterations(15));
        foreach (var series in startup)
        {
            report.Keep("merge-driver-startup", series);
        }

        BenchContext.Log("merge driver: in-process phases");
        var merge = new UnionMerge();
        var mergedText = merge.Merge(inputs.Base, inputs.Ours, inputs.Theirs).Text;
        var phases = new[]
        {
            Sampler.Measure("read + decode x3", context.WarmUp(3), context.Iterations(15), () =>
            {
                BankText.Decode(File.ReadAllBytes(big.Base), "base");
                BankText.Decode(File.ReadAllBytes(big.Ours), "ours");
                BankText.Decode(File.ReadAllBytes(big.Theirs), "theirs");
            }),
            Sampler.Measure("parse x3 (reference)", context.WarmUp(3), context.Iterations(15), () =>
            {
                DocumentParser.Parse(inputs.Base);
                DocumentParser.Parse(inputs.Ours);
                DocumentParser.Parse(inputs.Theirs);
            }),
            Sampler.Measure("UnionMerge.Merge (parses x3, merges, re-parses the joined result)", context.WarmUp(3), context.Iterations(15), () => merge.Merge(inputs.Base, inputs.Ours, inputs.Theirs)),
            Sampler.Measure("encode", context.WarmUp(3), context.Iterations(15), () => BankText.Encode(mergedText)),
        };
        foreach (var series in phases)
        {
            report.Keep("merge-driver-phases", series);
        }

        var cold = ColdMerge(context, big);
        var version = startup[0].Stats.Median;
        var tinyDriver = startup[1].Stats.Median;
        var tinyGit = startup[2].Stats.Median;
        var inProcess = phases[0].Stats.Median + phases[2].Stats.Median + phases[3].Stats.Median;
        report.SubHeading("Where the driver's time goes");
        report.Paragraph(
            "Start-up is timed as whole processes (`--version` goes through System.CommandLine; the merge-driver verb skips it). "
            + "The phases are timed warm, in this benchmark's process (JIT-compiled, tiered); "
            + "\"first merge in a fresh process\" is one cold `UnionMerge.Merge` in a new bench process, so it includes JIT of Core and Markdig without ReadyToRun.");
        var table = new MarkdownTable("Part", " Median ms", " Share of driver");
        void Row(string name, double ms) => table.Add(name, Format.Ms(ms), Format.Number(100 * ms / driverMedian, "N0") + "%");
        Row("Driver end to end (0.85 MB inputs)", driverMedian);
        Row("`memory-bank --version` (process start-up + command-line parser)", version);
        Row("Driver on 3-entry files (start-up + first calls; for an apphost also Core/Markdig load and JIT)", tinyDriver);
        if (context.AltCli is not null)
        {
            Row("`--alt-cli` build: `--version`", startup[3].Stats.Median);
            Row("`--alt-cli` build: driver on 3-entry files", startup[4].Stats.Median);
        }

        Row("→ size-dependent part (driver − 3-entry driver)", driverMedian - tinyDriver);
        Row("In process, warm: read + decode ×3", phases[0].Stats.Median);
        Row("In process, warm: three full `DocumentParser.Parse` calls (reference)", phases[1].Stats.Median);
        Row("In process, warm: `UnionMerge.Merge` total", phases[2].Stats.Median);
        Row("In process, warm: encode", phases[3].Stats.Median);
        Row("→ warm in-process total (read, merge, encode)", inProcess);
        Row("→ not explained by warm work (size part − warm total): cold code, GC, fsync of the write", driverMedian - tinyDriver - inProcess);
        Row("First merge in a fresh process (cold JIT, no ReadyToRun)", cold);
        Row("git merge-file on 0.85 MB inputs", gitMedian);
        Row("git merge-file on 3-entry files (git's process floor)", tinyGit);
        report.Table(table);

        JitCounts(context, folder, tiny);
        Variants(context, folder, big);
    }

    // The runtime lists every method it JIT-compiles (DOTNET_JitDisasmSummary works on release runtimes):
    // a method of Core or Markdig in that list means its ReadyToRun code was not used.
    private static void JitCounts(BenchContext context, string folder, (string Base, string Ours, string Theirs) tiny)
    {
        var table = new MarkdownTable("Build", " Methods JIT-compiled", " of them MemoryBank.* or Markdig.*", " at Tier0");
        var builds = context.AltCli is null ? new[] { ("shipped (`out/MemoryBank`)", context.Cli) } : new[] { ("shipped (`out/MemoryBank`)", context.Cli), ("`--alt-cli` build", context.AltCli) };
        builds = builds.Select(b => ($"{b.Item1}, {BenchContext.Kind(b.Item2)}", b.Item2)).ToArray();
        foreach (var (name, cli) in builds)
        {
            var list = Path.Combine(folder, "run", $"jit-{Guid.NewGuid():N}.txt");
            var output = Path.Combine(folder, "run", "jit-ours.md");
            File.Copy(tiny.Ours, output, overwrite: true);
            context.Runner.With(new Dictionary<string, string?> { ["DOTNET_JitDisasmSummary"] = "1", ["DOTNET_JitStdOutFile"] = list })
                .Run(cli, ["merge-driver", "union", tiny.Base, output, tiny.Theirs, "SESSION_LOG.md"], folder);
            var lines = File.Exists(list) ? File.ReadAllLines(list).Where(l => l.Contains("JIT compiled", StringComparison.Ordinal)).ToArray() : [];
            File.Delete(list);
            table.Add(
                name,
                Format.Count(lines.Length),
                Format.Count(lines.Count(l => l.Contains("compiled MemoryBank.", StringComparison.Ordinal) || l.Contains("compiled Markdig.", StringComparison.Ordinal))),
                Format.Count(lines.Count(l => l.Contains("Tier0", StringComparison.Ordinal))));
        }

        context.Report.SubHeading("Is anything JIT-compiled?");
        context.Report.Paragraph(
            "One driver run on the 3-entry files with `DOTNET_JitDisasmSummary=1`: every method the runtime had to JIT-compile. "
            + "A native build has no JIT, so its list is empty; for a ReadyToRun apphost, Core and Markdig methods should not appear "
            + $"(this machine has only the .NET {Environment.Version.Major} runtime; the IL targets net8.0 and rolls forward).");
        context.Report.Table(table);
    }

    // Settings that change the driver's runtime behaviour without a rebuild: evidence for which fix pays.
    private static void Variants(BenchContext context, string folder, (string Base, string Ours, string Theirs) big)
    {
        BenchContext.Log("merge driver: runtime settings");
        var output = Path.Combine(folder, "run", "variant-ours.md");
        var variants = new List<(string Name, string Cli, Dictionary<string, string?> Environment)>
        {
            ("defaults (as shipped)", context.Cli, new()),
        };

        // A native build reads none of the JIT settings; the rows would only time noise.
        var native = BenchContext.IsNative(context.Cli);
        if (!native)
        {
            variants.AddRange(
            [
                ("DOTNET_TieredCompilation=0 (full JIT up front)", context.Cli, new() { ["DOTNET_TieredCompilation"] = "0" }),
                ("DOTNET_TC_QuickJitForLoops=0 (loops skip tier 0)", context.Cli, new() { ["DOTNET_TC_QuickJitForLoops"] = "0" }),
                ("DOTNET_ReadyToRun=0 (ignore all precompiled code)", context.Cli, new() { ["DOTNET_ReadyToRun"] = "0" }),
                ("DOTNET_GCgen0size=0x4000000 (64 MB gen0)", context.Cli, new() { ["DOTNET_GCgen0size"] = "0x4000000" }),
            ]);
        }

        if (context.AltCli is { } alt)
        {
            variants.Add(("`--alt-cli` build, defaults", alt, new()));
        }

        // git in the same round-robin, so every row has a same-run ratio to it.
        variants.Add(("`git merge-file --union` (reference)", "git", new()));

        var series = Sampler.RoundRobin(
            variants.Select(v => (v.Name, (Func<int, double>)(_ =>
            {
                File.Copy(big.Ours, output, overwrite: true);
                IReadOnlyList<string> arguments = v.Cli == "git" ? ["merge-file", "--union", output, big.Base, big.Theirs] : ["merge-driver", "union", big.Base, output, big.Theirs, "SESSION_LOG.md"];
                return context.Runner.With(v.Environment).Run(v.Cli, arguments, folder).ElapsedMs;
            }))).ToArray(),
            context.WarmUp(2),
            context.Iterations(11));
        var baseline = series[0].Stats.Median;
        var git = series[^1].Stats.Median;
        var table = new MarkdownTable("Driver run with", " Median ms", " p90 ms", " vs defaults", " Ratio to git");
        foreach (var s in series)
        {
            context.Report.Keep("merge-driver-variants", s);
            table.Add(s.Name, Format.Ms(s.Stats.Median), Format.Ms(s.Stats.P90), Format.Ratio(s.Stats.Median / baseline), Format.Ratio(s.Stats.Median / git));
        }

        context.Report.SubHeading("Runtime settings (environment only) and other builds");
        context.Report.Paragraph("The 0.85 MB merge again, round-robin with `git merge-file --union` in the same loop."
            + (native ? " The shipped CLI is native, so the runtime's JIT settings do not apply to it; `--alt-cli` times another build beside it." : string.Empty));
        context.Report.Table(table);
    }

    // One cold merge in a fresh bench process: what the work costs before anything is compiled.
    private static double ColdMerge(BenchContext context, (string Base, string Ours, string Theirs) big)
    {
        var samples = new List<double>();
        var self = Environment.ProcessPath ?? "dotnet";
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            arguments.Add(typeof(MergeDriverSuite).Assembly.Location);
        }

        arguments.AddRange(["cold-merge", big.Base, big.Ours, big.Theirs]);
        for (var i = 0; i < (context.Quick ? 1 : 5); i++)
        {
            var output = context.Runner.Run(self, arguments, context.WorkDirectory).StandardOutput.Trim();
            samples.Add(double.Parse(output, System.Globalization.CultureInfo.InvariantCulture));
        }

        return Stats.Of(samples).Median;
    }

    /// <summary>The <c>cold-merge</c> mode: reads, merges and encodes once, and prints the milliseconds.</summary>
    public static int ColdMergeMain(string[] args)
    {
        var watch = Stopwatch.StartNew();
        var merged = new UnionMerge().Merge(
            BankText.Decode(File.ReadAllBytes(args[0]), "base"),
            BankText.Decode(File.ReadAllBytes(args[1]), "ours"),
            BankText.Decode(File.ReadAllBytes(args[2]), "theirs"));
        BankText.Encode(merged.Text);
        watch.Stop();
        Console.WriteLine(watch.Elapsed.TotalMilliseconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    private static (string Base, string Ours, string Theirs) WriteInputs(string folder, string prefix, MergeInputs inputs)
    {
        var paths = (Path.Combine(folder, $"{prefix}-base.md"), Path.Combine(folder, $"{prefix}-ours.md"), Path.Combine(folder, $"{prefix}-theirs.md"));
        File.WriteAllText(paths.Item1, inputs.Base);
        File.WriteAllText(paths.Item2, inputs.Ours);
        File.WriteAllText(paths.Item3, inputs.Theirs);
        return paths;
    }

    private static void RequireEntries(string path, int expected)
    {
        var count = DocumentParser.Parse(File.ReadAllText(path)).Entries.Count;
        if (count != expected)
        {
            throw new BenchmarkException($"The merge driver wrote {count} entries to {path}, expected {expected}.");
        }
    }
}
