using MemoryBank.Bench.Corpus;
using MemoryBank.Bench.Harness;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;

namespace MemoryBank.Bench.Suites;

/// <summary>
/// Measure 1: in-process union merge at 1k, 10k and 100k base entries, each side adding 10% new
/// entries, for SESSION_LOG sections and for list buffers. Time per entry across sizes shows whether
/// growth is linear. Parsing the three inputs is timed on its own to show its share.
/// </summary>
internal static class UnionMergeSuite
{
    private static readonly int[] s_sizes = [1_000, 10_000, 100_000];

    public static void Run(BenchContext context)
    {
        var report = context.Report;
        report.Heading("1. In-process union merge");
        report.Paragraph(
            "`UnionMerge.Merge(base, ours, theirs)` on generated files: base holds N entries and each side appends N/10 new ones, "
            + "interleaved in time, so every new entry goes through the run merge and the result's joins are re-parsed. "
            + "Entries/s counts the result's entries (1.2 N). For reference, \"Parse ×3\" is three independent full `DocumentParser.Parse` calls on the inputs "
            + "(the merge itself may reuse work between inputs, so it can cost less than that). GC pause is the runtime's pause time during the merge (median). "
            + "Per-entry cost is relative to the 1k row of the same kind: 1.00× at every size is linear growth.");

        var table = new MarkdownTable("Kind", " Base entries", " Ours size", " Merge ms, median (p90)", " GC pause ms", " Parse ×3 ms", " Entries/s", " µs/entry", " Per-entry vs 1k");
        var kinds = new (string Name, Func<int, int, MergeInputs> Generate)[]
        {
            ("SESSION_LOG sections", BankCorpus.SessionLogMerge),
            ("list buffer items", BankCorpus.ListBufferMerge),
        };
        var merge = new UnionMerge();
        foreach (var (kind, generate) in kinds)
        {
            double? perEntryAt1k = null;
            foreach (var size in s_sizes)
            {
                var entries = context.Quick ? size / 10 : size;
                var inputs = generate(entries, entries / 10);
                Verify(merge, inputs, kind);

                var (warmUp, iterations) = entries switch
                {
                    <= 1_000 => (5, 40),
                    <= 10_000 => (3, 15),
                    _ => (1, 5),
                };
                BenchContext.Log($"union merge: {kind}, {entries} entries");
                var merged = Sampler.Measure($"{kind} {entries} merge", context.WarmUp(warmUp), context.Iterations(iterations), () => merge.Merge(inputs.Base, inputs.Ours, inputs.Theirs));
                var parsed = Sampler.Measure($"{kind} {entries} parse x3", context.WarmUp(warmUp), context.Iterations(iterations), () =>
                {
                    DocumentParser.Parse(inputs.Base);
                    DocumentParser.Parse(inputs.Ours);
                    DocumentParser.Parse(inputs.Theirs);
                });
                report.Keep("union-merge", merged);
                report.Keep("union-merge", parsed);

                var median = merged.Stats.Median;
                var perEntry = median * 1000 / inputs.ExpectedEntries;
                perEntryAt1k ??= perEntry;
                table.Add(
                    kind,
                    Format.Count(entries),
                    Format.Bytes(System.Text.Encoding.UTF8.GetByteCount(inputs.Ours)),
                    Format.MedianP90(merged.Stats),
                    Format.Ms(Stats.Of(merged.GcPauseSamples).Median),
                    Format.Ms(parsed.Stats.Median),
                    Format.Count(inputs.ExpectedEntries / (median / 1000)),
                    Format.Number(perEntry, "N2"),
                    Format.Ratio(perEntry / perEntryAt1k.Value));
            }
        }

        report.Table(table);
    }

    // A merge that drops or duplicates entries would make the timing meaningless.
    private static void Verify(UnionMerge merge, MergeInputs inputs, string kind)
    {
        var result = merge.Merge(inputs.Base, inputs.Ours, inputs.Theirs);
        var count = DocumentParser.Parse(result.Text).Entries.Count;
        if (count != inputs.ExpectedEntries)
        {
            throw new BenchmarkException($"The union merge of {kind} ({inputs.BaseEntries} base entries) gave {count} entries, expected {inputs.ExpectedEntries}.");
        }
    }
}
