using System.Globalization;
using System.Text;
using MemoryBank.Core.Setup;

namespace MemoryBank.Bench.Corpus;

/// <summary>
/// Generates bank files like the ones MemoryBank writes: SESSION_LOG sections (<c>## &lt;ISO time&gt; persona</c>
/// and a 3-line body) and list buffers (<c>- yyyy-MM-dd HH:mm [persona] text</c>). Entry <c>i</c> depends
/// only on <c>i</c>, so a bigger bank is a superset of a smaller one and never reads as a mass deletion.
/// </summary>
internal static class BankCorpus
{
    private static readonly DateTimeOffset s_origin = new(2024, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] s_personas = ["alice", "bob", "carol", "dave"];
    private static readonly string[] s_topics =
    [
        "retry flaky network calls once before failing the build",
        "pin the SDK in global.json before touching analyzers",
        "keep fixtures as files so diffs stay readable",
        "the merge driver must never write a half file",
        "prefer argument lists to shell strings for git",
        "measure on the target machine, not on a laptop",
    ];

    /// <summary>When base entry <paramref name="index"/> was written: 37 minutes apart.</summary>
    public static DateTimeOffset TimeOf(int index) => s_origin.AddMinutes(index * 37L);

    /// <summary>One SESSION_LOG section, as Save-MemorySession writes it.</summary>
    public static string Session(int index, string? persona = null, DateTimeOffset? time = null)
    {
        var at = (time ?? TimeOf(index)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"## {at} {persona ?? s_personas[index % s_personas.Length]}\n"
            + $"- host: ws-{index % 23:00}\n"
            + $"- branch: feature/task-{1000 + (index % 997)}\n"
            + $"- changes: SESSION_LOG.md +1/-0, lessons-buffer.md +{index % 3}/-0\n";
    }

    /// <summary>One list-buffer item; every fourth has a nested detail line.</summary>
    public static string ListItem(int index, string? persona = null, DateTimeOffset? time = null)
    {
        var at = (time ?? TimeOf(index)).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var item = $"- {at} [{persona ?? s_personas[index % s_personas.Length]}] #{index}: {s_topics[index % s_topics.Length]}\n";
        return index % 4 == 0 ? item + $"  detail: seen in build {index * 13 % 9973}, fixed by a retry\n" : item;
    }

    /// <summary>A SESSION_LOG with sections 0..count-1, blank line between sections.</summary>
    public static string SessionLog(int count) =>
        SeedFiles.ContentFor("SESSION_LOG.md") + string.Join("\n", Enumerable.Range(0, count).Select(i => Session(i)));

    /// <summary>How many sections make a SESSION_LOG of about <paramref name="bytes"/> bytes.</summary>
    public static int SessionsForSize(long bytes)
    {
        long size = SeedFiles.ContentFor("SESSION_LOG.md")!.Length;
        var count = 0;
        while (size < bytes)
        {
            size += Session(count).Length + 1;
            count++;
        }

        return count;
    }

    /// <summary>
    /// Base with <paramref name="baseEntries"/> sections; each side appends <paramref name="addedPerSide"/>
    /// sections written after base, ours and theirs interleaved in time, as two clones logging the same days.
    /// </summary>
    public static MergeInputs SessionLogMerge(int baseEntries, int addedPerSide) =>
        Build(SeedFiles.ContentFor("SESSION_LOG.md")!, "\n", baseEntries, addedPerSide, (i, persona, time) => Session(i, persona, time));

    /// <summary>The same shape for a list buffer (lessons-buffer.md), items back to back.</summary>
    public static MergeInputs ListBufferMerge(int baseEntries, int addedPerSide) =>
        Build(SeedFiles.ContentFor("lessons-buffer.md")!, string.Empty, baseEntries, addedPerSide, (i, persona, time) => ListItem(i, persona, time));

    /// <summary>
    /// A bank of about <paramref name="bytes"/> bytes: small buffers (under their harvest thresholds, as a
    /// tended bank keeps them) and a SESSION_LOG that makes up the rest.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Bank(long bytes)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["activeContext.md"] = ActiveContext(),
            ["lessons-buffer.md"] = SeedFiles.ContentFor("lessons-buffer.md") + string.Concat(Enumerable.Range(0, 10).Select(i => ListItem(i))),
            ["patterns-buffer.md"] = SeedFiles.ContentFor("patterns-buffer.md") + string.Concat(Enumerable.Range(100, 12).Select(i => ListItem(i))),
            ["decisions-inbox.md"] = SeedFiles.ContentFor("decisions-inbox.md") + string.Concat(Enumerable.Range(0, 4).Select(Decision)),
        };
        var others = files.Values.Sum(v => (long)Encoding.UTF8.GetByteCount(v));
        files["SESSION_LOG.md"] = SessionLog(SessionsForSize(Math.Max(0, bytes - others)));
        return files;
    }

    private static MergeInputs Build(string preamble, string separator, int baseEntries, int addedPerSide, Func<int, string?, DateTimeOffset?, string> entry)
    {
        var baseParts = Enumerable.Range(0, baseEntries).Select(i => entry(i, null, null)).ToArray();
        var end = TimeOf(baseEntries);
        var ours = Enumerable.Range(0, addedPerSide).Select(k => entry(baseEntries + (2 * k), "alice", end.AddMinutes((2 * k) + 1)));
        var theirs = Enumerable.Range(0, addedPerSide).Select(k => entry(baseEntries + (2 * k) + 1, "bob", end.AddMinutes((2 * k) + 2)));
        return new MergeInputs(
            preamble + string.Join(separator, baseParts),
            preamble + string.Join(separator, baseParts.Concat(ours)),
            preamble + string.Join(separator, baseParts.Concat(theirs)),
            baseEntries,
            baseEntries + (2 * addedPerSide));
    }

    private static string Decision(int index) =>
        $"- {TimeOf(index).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} Decision {index}: keep the bank in git, not in a service\n"
        + "  context: clones must sync offline and review bank changes in pull requests\n"
        + "  decision: a sync branch and merge drivers; no server\n";

    private static string ActiveContext() =>
        "# Active context\n\n"
        + "The current state of work: what is in progress, what is next, what is blocked.\n\n"
        + "## Now\n\n"
        + "- Benchmarking sync against raw git on a 20k-file repository\n"
        + "- Profiling the merge driver's start-up\n\n"
        + "## Next\n\n"
        + "- Write docs/performance.md from a real run\n"
        + "- Turn the findings into issues\n\n"
        + "## Blocked\n\n"
        + "- Nothing\n";
}
