using System.Globalization;
using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// <c>bank-files</c>: every bank file decodes strictly as UTF-8 and parses with its strategy; no folder stands
/// where a bank file belongs, no symbolic link is in the bank, no file is oversized; BOMs and mixed line
/// endings are reported (MemoryBank keeps them byte for byte). Repair deletes temporary files left by
/// interrupted writes.
/// </summary>
internal sealed class BankFilesCheck : HealthCheck
{
    /// <summary>A bank file larger than this is reported: every sync reads, merges and publishes it whole.</summary>
    public const long LargeFileBytes = 10L * 1024 * 1024;

    /// <summary>A temporary file younger than this may belong to a write in progress and is left alone.</summary>
    private static readonly TimeSpan s_temporaryFileGrace = TimeSpan.FromMinutes(1);

    public override string Name => CheckNames.BankFiles;

    public override CheckResult Run(CheckContext context)
    {
        if (context.Config is not { } config || context.BankDirectory is not { } bank)
        {
            return NotChecked();
        }

        if (File.Exists(bank))
        {
            return Fail($"The bank path {config.BankPath} is a file, not a folder.", $"Move the file away (or set bankPath in {MemoryBankConfig.FileName}), then run memory-bank init.");
        }

        var scan = context.Scan;
        if (!scan.Exists)
        {
            return Warn($"There is no bank folder at {config.BankPath}.", "Run memory-bank init (Initialize-MemoryBank) to create it with its seed files.");
        }

        var failures = new List<string>();
        var warnings = new List<string>();
        var fixes = new List<string>();

        var folders = config.Files.Select(p => p.Name).Where(name => Directory.Exists(Path.Combine(bank, name))).ToArray();
        foreach (var name in folders)
        {
            failures.Add($"{name} is a folder where the bank file belongs");
        }

        if (folders.Length > 0)
        {
            fixes.Add("Move each folder that stands where a bank file belongs out of the bank.");
        }

        foreach (var link in scan.Links)
        {
            failures.Add($"{link} is a symbolic link (refused: a link can point outside the repository)");
        }

        if (scan.Links.Count > 0)
        {
            fixes.Add("Replace each link with a regular file (copy the target's content in), or move it out of the bank.");
        }

        var unparsable = 0;
        var informational = 0;
        foreach (var file in scan.Files)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (file.Length > LargeFileBytes)
            {
                warnings.Add($"{file.RelativePath} is {(file.Length / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture)} MB, over 10 MB");
                fixes.Add("Shrink large files (harvest or archive old entries): every sync reads, merges and publishes them whole.");
            }

            var policy = config.PolicyFor(file.RelativePath);
            if (policy is null)
            {
                // Not merged by MemoryBank: the sync keeps this clone's copy and preserves the other as a conflict copy.
                continue;
            }

            if (file.DecodeError is { } decodeError)
            {
                failures.Add(decodeError);
                unparsable++;
                continue;
            }

            var text = file.Text!;
            if (ParseProblem(policy.Strategy, text) is { } parseError)
            {
                failures.Add($"{file.RelativePath} does not parse with the {policy.Strategy.ToString().ToLowerInvariant()} strategy: {parseError}");
                unparsable++;
                continue;
            }

            if (text.StartsWith('\uFEFF'))
            {
                warnings.Add($"{file.RelativePath} starts with a UTF-8 BOM");
                informational++;
            }

            var (crlf, lf) = CountLineEndings(text);
            if (crlf > 0 && lf > 0)
            {
                warnings.Add($"{file.RelativePath} mixes line endings ({crlf.ToString(CultureInfo.InvariantCulture)} CRLF, {lf.ToString(CultureInfo.InvariantCulture)} LF)");
                informational++;
            }
        }

        if (unparsable > 0)
        {
            fixes.Add("Re-save each file named as UTF-8 text in its format (Markdown, or JSON Lines for graph files), or move it out of the bank; until then syncs stop on it and the driver leaves git's conflict.");
        }

        if (informational > 0)
        {
            fixes.Add("BOMs and line endings need nothing: MemoryBank keeps them byte for byte. Normalise them in your editor if you prefer.");
        }

        var repairs = new List<string>();
        var temporary = SweepTemporaryFiles(context, bank, scan.TemporaryFiles, repairs);
        foreach (var leftover in temporary)
        {
            warnings.Add($"{leftover} is a temporary file left by an interrupted write");
        }

        if (temporary.Count > 0)
        {
            fixes.Add("Run memory-bank check --repair to delete the temporary files (they hold no data the bank lacks), or delete them by hand.");
        }

        var repaired = repairs.Count > 0;
        var repairText = repaired ? string.Join(" ", repairs) + " " : string.Empty;
        var fix = string.Join(" ", fixes.Distinct(StringComparer.Ordinal));
        if (failures.Count > 0)
        {
            return Fail(repairText + DetailText.List(failures.Concat(warnings).ToArray()) + ".", fix, repaired);
        }

        if (warnings.Count > 0)
        {
            return Warn(repairText + DetailText.List(warnings) + ".", fix, repaired);
        }

        var summary = $"{DetailText.Count(scan.Files.Count, "file")} in {config.BankPath}; every bank file decodes as UTF-8 and parses with its strategy.";
        return Pass(repairText + summary, repaired);
    }

    /// <summary>Why <paramref name="text"/> does not parse with <paramref name="strategy"/>, or null when it does.</summary>
    internal static string? ParseProblem(MergeStrategyKind strategy, string text)
    {
        try
        {
            if (strategy != MergeStrategyKind.Graph)
            {
                DocumentParser.Parse(text);
            }

            // A merge of the file with itself parses it exactly as a sync does.
            MergeStrategies.Create(strategy).Merge(text, text, text);
            return null;
        }
        catch (BankFileFormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Counts CRLF line ends and LF line ends without a CR.</summary>
    internal static (int Crlf, int Lf) CountLineEndings(string text)
    {
        var crlf = 0;
        var lf = 0;
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            if (i > 0 && text[i - 1] == '\r')
            {
                crlf++;
            }
            else
            {
                lf++;
            }
        }

        return (crlf, lf);
    }

    /// <summary>Deletes, on repair, temporary files old enough that no write can still own them; returns those left.</summary>
    private static List<string> SweepTemporaryFiles(CheckContext context, string bank, IReadOnlyList<string> temporary, List<string> repairs)
    {
        var left = new List<string>();
        if (temporary.Count == 0)
        {
            return left;
        }

        // A running sync writes through temporary files; leave them while it holds the lock.
        var syncRunning = SyncLock.Inspect(context.StateDirectory) is { } holder && !SyncLock.IsStale(holder);
        var deleted = 0;
        foreach (var relative in temporary)
        {
            var path = Path.Combine(bank, relative);
            var old = DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > s_temporaryFileGrace;
            if (context.Repair && !syncRunning && old)
            {
                File.Delete(path);
                deleted++;
            }
            else
            {
                left.Add(relative);
            }
        }

        if (deleted > 0)
        {
            repairs.Add($"Deleted {DetailText.Count(deleted, "temporary file")} left by interrupted writes.");
        }

        return left;
    }
}
