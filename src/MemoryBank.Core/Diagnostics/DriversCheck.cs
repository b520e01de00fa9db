using System.Diagnostics;
using System.Globalization;
using System.Text;
using MemoryBank.Core.Config;
using MemoryBank.Core.Git;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// <c>drivers</c>: every <c>memorybank-*</c> merge driver is registered, and the union driver's command really
/// merges. git falls back to its text merge without a word when a driver is missing or its command fails, so
/// the command is run once, as git runs it (through git's shell, from the top of the work tree), on three
/// small files, and the result is checked. Repair registers the drivers again for the given driver location.
/// </summary>
internal sealed class DriversCheck : HealthCheck
{
    /// <summary>A test merge that takes longer than this counts as failed.</summary>
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromSeconds(30);

    private const string Alias = "memorybank-health-check";
    private const string BaseText = "# Health check\n\n- 2026-01-01 00:00 [check] base entry\n";
    private const string OursLine = "- 2026-01-01 00:01 [check] ours entry";
    private const string TheirsLine = "- 2026-01-01 00:02 [check] theirs entry";

    public override string Name => CheckNames.Drivers;

    public override CheckResult Run(CheckContext context)
    {
        var before = Inspect(context);
        if (before.Problem is null)
        {
            return Pass(before.Summary);
        }

        const string Fix = "Run memory-bank init in this clone (or memory-bank check --repair): git reads drivers from the clone's own config, which cloning does not copy, and init registers the CLI's current path.";
        if (!context.Repair)
        {
            return Fail(before.Problem, Fix);
        }

        if (context.Driver is not { } driver)
        {
            return Fail(before.Problem + " Not repaired: the caller gave no driver location.", Fix);
        }

        int changed;
        try
        {
            changed = Register(context, BankInitializer.ResolveDriverCommand(driver));
        }
        catch (MemoryBankException ex)
        {
            return Fail(before.Problem + " Not repaired: " + ex.Message, Fix);
        }

        var after = Inspect(context);
        var did = $"Registered {DetailText.Count(changed, "git config entry", "git config entries")} in this clone.";
        if (after.Problem is null)
        {
            return Pass($"{did} {after.Summary}", repaired: changed > 0);
        }

        return Fail(
            changed > 0 ? $"{did} Still broken: {after.Problem}" : $"{after.Problem} Not repaired: the driver command for this machine is already registered and fails.",
            "Check that the memory-bank command runs here (memory-bank --version) or that pwsh can import the MemoryBank module, then run memory-bank init.",
            changed > 0);
    }

    /// <summary>Sets the entries whose local value differs; returns how many changed.</summary>
    private static int Register(CheckContext context, Func<MergeStrategyKind, string> commandFor)
    {
        var changed = 0;
        foreach (var (key, value) in DriverRegistration.ConfigEntries(commandFor))
        {
            var current = context.Git.Run(["config", "--local", "--get", key], new GitRunOptions { AcceptedExitCodes = [1] }, context.CancellationToken);
            if (current.ExitCode == 0 && current.Text == value)
            {
                continue;
            }

            context.Git.Run(["config", "--local", key, value], cancellationToken: context.CancellationToken);
            changed++;
        }

        return changed;
    }

    private static Inspection Inspect(CheckContext context)
    {
        var missing = new List<string>();
        string? union = null;
        foreach (var strategy in DriverRegistration.Strategies)
        {
            var command = DriverRegistration.ReadRegistered(context.Git, strategy);
            if (command is null)
            {
                missing.Add(GitAttributesBlock.DriverName(strategy));
            }
            else if (strategy == MergeStrategyKind.Union)
            {
                union = command;
            }
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"Not registered: {string.Join(", ", missing)}; git silently merges those files as plain text.");
        }

        string? tested = null;
        if (union is not null)
        {
            var (ok, detail) = TestMerge(context, union);
            if (ok)
            {
                tested = detail;
            }
            else
            {
                problems.Add($"The {GitAttributesBlock.DriverName(MergeStrategyKind.Union)} driver command ({DetailText.Clip(union, 160)}) failed a test merge: {detail}; git silently merges bank files as plain text.");
            }
        }

        return problems.Count == 0
            ? new Inspection(null, $"All {DriverRegistration.Strategies.Count.ToString(CultureInfo.InvariantCulture)} memorybank-* drivers are registered; {tested}.")
            : new Inspection(string.Join(" ", problems), string.Empty);
    }

    /// <summary>Runs <paramref name="command"/> as git would on a base, ours and theirs that a union merge combines.</summary>
    private static (bool Ok, string Detail) TestMerge(CheckContext context, string command)
    {
        // git hands drivers relative, unquoted temporary names (.merge_file_XXXXXX in the work tree's root);
        // the pwsh fallback command relies on that, so the test files get plain relative names too.
        var folder = Path.Combine(context.StateDirectory, "check-" + Guid.NewGuid().ToString("N")[..12]);
        CreatePrivateFolder(folder);
        try
        {
            var basePath = Path.Combine(folder, "base.md");
            var oursPath = Path.Combine(folder, "ours.md");
            var theirsPath = Path.Combine(folder, "theirs.md");
            File.WriteAllText(basePath, BaseText);
            File.WriteAllText(oursPath, BaseText + OursLine + "\n");
            File.WriteAllText(theirsPath, BaseText + TheirsLine + "\n");
            var shellCommand = Expand(command, new Dictionary<char, string>
            {
                ['O'] = TempName(context, basePath),
                ['A'] = TempName(context, oursPath),
                ['B'] = TempName(context, theirsPath),
                ['P'] = DriverRegistration.ShellQuote("memory-bank-health-check.md"),
                ['L'] = "7",
                ['S'] = DriverRegistration.ShellQuote("base"),
                ['X'] = DriverRegistration.ShellQuote("ours"),
                ['Y'] = DriverRegistration.ShellQuote("theirs"),
            });

            var clock = Stopwatch.StartNew();
            try
            {
                // A "!" alias runs through the same shell, from the same folder, as git runs merge drivers.
                context.Git.Run(["-c", $"alias.{Alias}=!{shellCommand}", Alias], new GitRunOptions { Timeout = s_testTimeout }, context.CancellationToken);
            }
            catch (GitCommandException ex) when (ex.TimedOut)
            {
                return (false, $"it did not finish within {s_testTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            }
            catch (GitCommandException ex)
            {
                var firstLine = ShellMessage(ex.StandardError, shellCommand);
                return (false, $"exit code {ex.ExitCode.ToString(CultureInfo.InvariantCulture)}{(firstLine.Length == 0 ? string.Empty : ": " + firstLine)}");
            }

            var merged = File.ReadAllText(oursPath, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            if (!merged.Contains(OursLine) || !merged.Contains(TheirsLine) || merged.Any(line => line.StartsWith("<<<<<<<", StringComparison.Ordinal)))
            {
                return (false, "it exited 0 but did not combine both sides' entries");
            }

            return (true, $"{GitAttributesBlock.DriverName(MergeStrategyKind.Union)} merged a test file correctly in {clock.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture)} ms");
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A driver still holding a file: the next check's folder has another name.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The first line of the shell's error without the command it quotes (<c>sh</c> names it as <c>$0</c>).</summary>
    private static string ShellMessage(string standardError, string shellCommand)
    {
        var line = standardError.Trim().Split('\n')[0].Trim();
        if (line.StartsWith(shellCommand + ": ", StringComparison.Ordinal))
        {
            line = line[(shellCommand.Length + 2)..];
            foreach (var position in new[] { "line 1: ", "1: " })
            {
                if (line.StartsWith(position, StringComparison.Ordinal))
                {
                    line = line[position.Length..];
                    break;
                }
            }
        }

        return line;
    }

    /// <summary>A test file's name relative to the work tree's root (where git runs drivers), quoted only when the shell needs it.</summary>
    private static string TempName(CheckContext context, string path)
    {
        var relative = Path.GetRelativePath(context.Repo.Root, path).Replace('\\', '/');
        return relative.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '/' or '.' or '_' or '-') ? relative : DriverRegistration.ShellQuote(relative);
    }

    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        // The state folder is owner-only (the permissions check); creating it here must not loosen that.
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!, ownerOnly);
        Directory.CreateDirectory(folder, ownerOnly);
    }

    /// <summary>Replaces git's <c>%X</c> placeholders in one pass, as git does; <c>%%</c> is a percent sign.</summary>
    internal static string Expand(string command, IReadOnlyDictionary<char, string> values)
    {
        var builder = new StringBuilder(command.Length + 128);
        for (var i = 0; i < command.Length; i++)
        {
            if (command[i] == '%' && i + 1 < command.Length)
            {
                if (command[i + 1] == '%')
                {
                    builder.Append('%');
                    i++;
                    continue;
                }

                if (values.TryGetValue(command[i + 1], out var value))
                {
                    builder.Append(value);
                    i++;
                    continue;
                }
            }

            builder.Append(command[i]);
        }

        return builder.ToString();
    }

    /// <param name="Problem">What is wrong, or null when the drivers are healthy.</param>
    /// <param name="Summary">What was found healthy.</param>
    private sealed record Inspection(string? Problem, string Summary);
}
