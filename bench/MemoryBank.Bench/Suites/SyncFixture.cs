using System.Diagnostics;
using System.Text;
using MemoryBank.Bench.Corpus;
using MemoryBank.Bench.Harness;

namespace MemoryBank.Bench.Suites;

/// <summary>
/// A local bare remote holding a code repository generated with <c>git fast-import</c> (small commits, each
/// adding two files and editing one) plus a bank set up with <c>memory-bank init</c>, and three clones:
/// A (alice) uses MemoryBank, C (carol) uses raw git, and B (bob) is the other clone that publishes.
/// A and C are separate so raw git never moves A behind MemoryBank's back: each side keeps the state its
/// own tool expects.
/// </summary>
internal sealed class SyncFixture
{
    public const string BankPath = ".claude/memory-bank";

    private SyncFixture(string root, int commits, int files)
    {
        Root = root;
        Commits = commits;
        Files = files;
    }

    public string Root { get; }

    public string Remote => Path.Combine(Root, "remote.git");

    public string CloneA => Path.Combine(Root, "a");

    public string CloneB => Path.Combine(Root, "b");

    public string CloneC => Path.Combine(Root, "c");

    public int Commits { get; }

    public int Files { get; }

    /// <summary>The bank's size in clone A's work tree, in bytes.</summary>
    public long BankBytes => Directory.EnumerateFiles(Path.Combine(CloneA, BankPath)).Sum(f => new FileInfo(f).Length);

    /// <summary>How long generating the repository took (fast-import, clones, init), for the report.</summary>
    public TimeSpan SetupTime { get; private set; }

    public static SyncFixture Create(BenchContext context, string root, int commits, int files, long bankBytes)
    {
        var watch = Stopwatch.StartNew();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        var fixture = new SyncFixture(root, commits, files);
        context.Git(root, "init", "--quiet", "--bare", "--initial-branch=main", fixture.Remote);
        context.Runner.Run("git", ["fast-import", "--quiet"], fixture.Remote, FastImportStream(commits, files));

        context.Git(root, "clone", "--quiet", fixture.Remote, fixture.CloneA);
        Identify(context, fixture.CloneA, "alice");
        context.MemoryBank(fixture.CloneA, "init");
        WriteBank(fixture.CloneA, BankCorpus.Bank(bankBytes));
        context.Git(fixture.CloneA, "add", "--all", BankPath, ".gitattributes");
        context.Git(fixture.CloneA, "commit", "--quiet", "-m", "Set up the memory bank");
        context.Git(fixture.CloneA, "push", "--quiet", "origin", "main");

        foreach (var (clone, persona) in new[] { (fixture.CloneB, "bob"), (fixture.CloneC, "carol") })
        {
            context.Git(root, "clone", "--quiet", fixture.Remote, clone);
            Identify(context, clone, persona);
            context.MemoryBank(clone, "init");
        }

        // Record each clone's sync base, as a user's first start would.
        context.MemoryBank(fixture.CloneA, "start");
        context.MemoryBank(fixture.CloneB, "start");
        fixture.RequireClean(context);
        fixture.SetupTime = watch.Elapsed;
        return fixture;
    }

    /// <summary>
    /// Grows the bank to about <paramref name="bankBytes"/> by appending older sessions to SESSION_LOG (as
    /// a long-lived bank would hold), publishes with <c>memory-bank save</c>, and brings the other clones up.
    /// </summary>
    public void GrowBank(BenchContext context, long bankBytes)
    {
        var path = Path.Combine(CloneA, BankPath, "SESSION_LOG.md");
        var text = File.ReadAllText(path).TrimEnd('\n');
        var builder = new StringBuilder(text).Append('\n');
        var next = 0;
        while (BankBytes + builder.Length - text.Length < bankBytes)
        {
            builder.Append('\n').Append(BankCorpus.Session(next++));
        }

        File.WriteAllText(path, builder.ToString());
        context.MemoryBank(CloneA, "save", "-m", "grow the bank");
        context.MemoryBank(CloneB, "start");
        context.Git(CloneC, "pull", "--quiet", "--ff-only");
        RequireClean(context);
    }

    /// <summary>Appends one lessons-buffer entry carrying <paramref name="marker"/>, as a user or assistant would.</summary>
    public static void AppendEntry(string clone, string persona, string marker)
    {
        var path = Path.Combine(clone, BankPath, "lessons-buffer.md");
        var line = $"- {DateTime.UtcNow:yyyy-MM-dd HH:mm} [{persona}] {marker}: keep benchmarks out of the test run\n";
        File.AppendAllText(path, line);
    }

    /// <summary>True when clone's lessons-buffer holds <paramref name="marker"/>.</summary>
    public static bool HasEntry(string clone, string marker) =>
        File.ReadAllText(Path.Combine(clone, BankPath, "lessons-buffer.md")).Contains(marker, StringComparison.Ordinal);

    /// <summary>The remote's main branch, as a commit id.</summary>
    public string RemoteTip(BenchContext context) => context.Git(Remote, "rev-parse", "main").StandardOutput.Trim();

    public static string Head(BenchContext context, string clone) => context.Git(clone, "rev-parse", "HEAD").StandardOutput.Trim();

    /// <summary>Throws unless every clone has a clean work tree; a dirty tree would mean the setup or a sync went wrong.</summary>
    public void RequireClean(BenchContext context)
    {
        foreach (var clone in new[] { CloneA, CloneB, CloneC })
        {
            var status = context.Git(clone, "status", "--porcelain", "--untracked-files=no").StandardOutput.Trim();
            if (status.Length > 0)
            {
                throw new BenchmarkException($"Clone {clone} is not clean:\n{status}");
            }
        }
    }

    private static void Identify(BenchContext context, string clone, string name)
    {
        context.Git(clone, "config", "user.name", name);
        context.Git(clone, "config", "user.email", $"{name}@example.com");
    }

    private static void WriteBank(string clone, IReadOnlyDictionary<string, string> files)
    {
        var folder = Path.Combine(clone, BankPath);
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }
    }

    /// <summary>
    /// A fast-import stream of <paramref name="commits"/> commits on main: commit k adds files until
    /// <paramref name="files"/> exist (100 to a folder), and edits an earlier file.
    /// </summary>
    private static byte[] FastImportStream(int commits, int files)
    {
        var stream = new StringBuilder(commits * 600);
        var perCommit = Math.Max(1, (int)Math.Ceiling(files / (double)commits));
        var created = 0;
        var time = 1_700_000_000L;
        for (var k = 0; k < commits; k++)
        {
            var message = $"Change {k}: add module code\n";
            stream.Append("commit refs/heads/main\n");
            stream.Append("author Dev <dev@example.com> ").Append(time).Append(" +0000\n");
            stream.Append("committer Dev <dev@example.com> ").Append(time).Append(" +0000\n");
            stream.Append("data ").Append(message.Length).Append('\n').Append(message);
            for (var f = 0; f < perCommit && created < files; f++, created++)
            {
                Modify(stream, created, 0);
            }

            if (k > 0)
            {
                Modify(stream, (k * 7919) % created, k);
            }

            stream.Append('\n');
            time += 600;
        }

        return Encoding.ASCII.GetBytes(stream.ToString());
    }

    private static void Modify(StringBuilder stream, int file, int version)
    {
        var content = $"// generated file {file}, revision {version}\nnamespace Code.M{file / 100:000};\n\npublic static class F{file:00000}\n{{\n    public const int Value = {(file * 31) + version};\n}}\n";
        stream.Append("M 100644 inline src/m").Append((file / 100).ToString("000", System.Globalization.CultureInfo.InvariantCulture))
            .Append("/F").Append(file.ToString("00000", System.Globalization.CultureInfo.InvariantCulture)).Append(".cs\n");
        stream.Append("data ").Append(content.Length).Append('\n').Append(content).Append('\n');
    }
}
