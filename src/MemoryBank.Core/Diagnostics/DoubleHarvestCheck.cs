using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// <c>double-harvest</c>: no buffer entry is also in the document it would be harvested into. A harvest moves
/// entries, so an entry in both places was restored into its buffer (a revert, an old clone's save) or the
/// harvest was interrupted, and the next harvest would write it a second time. Not repaired: which copy is
/// right is the user's call.
/// </summary>
internal sealed class DoubleHarvestCheck : HealthCheck
{
    public override string Name => CheckNames.DoubleHarvest;

    public override CheckResult Run(CheckContext context)
    {
        if (context.Config is not { } config || context.BankDirectory is not { } bank)
        {
            return NotChecked();
        }

        var finder = new HarvestedEntryFinder(path => ReadRepoFile(context, path), path => ListRepoFolder(context, path));
        var doubles = new List<string>();
        var buffers = 0;
        foreach (var policy in config.Files)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var file = Path.Combine(bank, policy.Name);
            if (policy.Harvest is not { } harvest || !File.Exists(file))
            {
                continue;
            }

            string text;
            try
            {
                text = BankText.ReadFile(file);
            }
            catch (BankFileFormatException)
            {
                // The bank-files check reports it.
                continue;
            }

            buffers++;
            foreach (var (entry, target) in finder.Find(harvest, DocumentParser.Parse(text)))
            {
                doubles.Add($"{policy.Name}: \"{DetailText.Clip(entry.FirstLine.Trim())}\" is already in {target}");
            }
        }

        if (doubles.Count == 0)
        {
            return Pass($"No entry of the {DetailText.Count(buffers, "harvested buffer")} is also in its harvest target.");
        }

        var found = $"{DetailText.Count(doubles.Count, "entry", "entries")} already harvested but still in a buffer: {DetailText.List(doubles)}.";
        return Fail(
            context.Repair ? found + " Not repaired: which copy to keep is your call." : found,
            "Delete each listed entry from its buffer (its harvested copy stays), then run memory-bank save; or, if the harvested copy is the mistake, remove it from the document. Otherwise the next harvest writes these entries twice.");
    }

    /// <summary>A repository file's text, or null when it is missing or is not UTF-8 text.</summary>
    private static string? ReadRepoFile(CheckContext context, string relative)
    {
        var path = Path.Combine(context.Repo.Root, relative);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return BankText.ReadFile(path);
        }
        catch (BankFileFormatException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string> ListRepoFolder(CheckContext context, string relative)
    {
        var path = Path.Combine(context.Repo.Root, relative);
        return Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Select(Path.GetFileName).OfType<string>().ToArray()
            : [];
    }
}
