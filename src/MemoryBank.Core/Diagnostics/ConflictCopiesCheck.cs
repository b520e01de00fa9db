using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// <c>conflict-copies</c>: conflict copies waiting for review, in the bank's <c>conflicts/</c> folder and, not
/// yet collected, in <c>.git/memory-bank/conflicts</c> where the merge driver leaves them.
/// </summary>
internal sealed class ConflictCopiesCheck : HealthCheck
{
    public override string Name => CheckNames.ConflictCopies;

    public override CheckResult Run(CheckContext context)
    {
        if (context.Config is null)
        {
            return NotChecked();
        }

        var prefix = BankMerger.ConflictFolder + "/";
        var inBank = context.Scan.Files.Select(f => f.RelativePath).Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        var fromDriver = Directory.Exists(Path.Combine(context.StateDirectory, "conflicts"))
            ? Directory.EnumerateFiles(Path.Combine(context.StateDirectory, "conflicts")).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToArray()
            : [];
        if (inBank.Length == 0 && fromDriver.Length == 0)
        {
            return Pass("No conflict copies are waiting.");
        }

        var parts = new List<string>();
        if (inBank.Length > 0)
        {
            parts.Add($"{DetailText.Count(inBank.Length, "conflict copy", "conflict copies")} in {context.Config.BankPath}/{BankMerger.ConflictFolder}: {DetailText.List(inBank.Select(p => p[prefix.Length..]).ToArray())}");
        }

        if (fromDriver.Length > 0)
        {
            parts.Add($"{DetailText.Count(fromDriver.Length, "copy", "copies")} left by the merge driver in .git/memory-bank/conflicts, which the next start or save moves into the bank: {DetailText.List(fromDriver)}");
        }

        return Warn(
            string.Join(". ", parts) + ".",
            "Each copy is a version that lost a latest-wins merge (activeContext.<stamp>.<persona>.md is a past activeContext.md). Merge what you want from it into its file, delete the copy, then run memory-bank save.");
    }
}
