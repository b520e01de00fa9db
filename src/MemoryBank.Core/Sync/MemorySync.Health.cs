using System.Globalization;
using MemoryBank.Core.Config;
using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Sync;

public sealed partial class MemorySync
{
    /// <summary>
    /// The cheap health checks a start reports as warnings, from what the run has already read: the git config
    /// snapshot, the work tree's bank and <c>.gitattributes</c>. No git process runs; <c>memory-bank check</c>
    /// runs the full checks (and a test merge) and repairs.
    /// </summary>
    /// <remarks>
    /// The lock is held by this run, and an interrupted journal and leftover driver conflict copies are already
    /// handled by the run itself, so neither is checked here.
    /// </remarks>
    internal static IReadOnlyList<string> StartHealthWarnings(SyncContext context, BankSnapshot workTree)
    {
        var warnings = new List<string>();
        var missing = DriverRegistration.Strategies
            .Select(GitAttributesBlock.DriverName)
            .Where(name => context.GitConfig.Get($"merge.{name}.driver") is null)
            .ToArray();
        if (missing.Length > 0)
        {
            // git reads drivers from the clone's own config, which cloning does not copy.
            warnings.Add(missing.Length == 1
                ? $"merge driver {missing[0]} is not registered in this clone: run memory-bank init (until then git merges those bank files as plain text)."
                : $"merge drivers {string.Join(", ", missing)} are not registered in this clone: run memory-bank init (until then git merges bank files as plain text).");
        }

        if (GitAttributesWarning(context) is { } attributes)
        {
            warnings.Add(attributes);
        }

        var markers = new List<string>();
        var conflictCopies = 0;
        foreach (var (path, bytes) in workTree.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var shown = $"{context.BankPath}/{path}";
            if (path.StartsWith(BankMerger.ConflictFolder + "/", StringComparison.Ordinal))
            {
                conflictCopies++;
                continue;
            }

            string text;
            try
            {
                text = BankText.Decode(bytes, shown);
            }
            catch (BankFileFormatException ex)
            {
                warnings.Add($"{ex.Message} Until then save refuses to publish the bank.");
                continue;
            }

            markers.AddRange(ConflictMarkersCheck.MarkerLines(text).Select(line => $"{shown}:{line.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (markers.Count > 0)
        {
            warnings.Add($"git conflict markers at {DetailText.List(markers)}: the file was merged without the drivers. Keep the lines you want from both sides, delete the marker lines, then run memory-bank save.");
        }

        if (conflictCopies > 0)
        {
            warnings.Add($"{DetailText.Count(conflictCopies, "conflict copy", "conflict copies")} {(conflictCopies == 1 ? "waits" : "wait")} for review in {context.BankPath}/{BankMerger.ConflictFolder}: merge what you want from each into its file, delete the copy, then run memory-bank save.");
        }

        return warnings;
    }

    /// <summary>The block in <c>.gitattributes</c> is missing or differs from the configuration's; null when it is in place.</summary>
    private static string? GitAttributesWarning(SyncContext context)
    {
        const string FileName = ".gitattributes";
        string existing;
        try
        {
            var path = Path.Combine(context.Repo.Root, FileName);
            existing = File.Exists(path) ? BankText.Decode(File.ReadAllBytes(path), FileName) : string.Empty;
        }
        catch (Exception ex) when (ex is BankFileFormatException or IOException or UnauthorizedAccessException)
        {
            return $"{FileName} cannot be read ({ex.Message}): run memory-bank check for details.";
        }

        var current = GitAttributesBlock.Find(existing);
        if (current is null)
        {
            return $"{FileName} has no memory-bank block, so git merges bank files as plain text: run memory-bank init, then commit {FileName}.";
        }

        return string.Equals(current, GitAttributesBlock.Build(context.Config), StringComparison.Ordinal)
            ? null
            : $"the memory-bank block in {FileName} does not match {MemoryBankConfig.FileName}: run memory-bank init, then commit {FileName}.";
    }
}
