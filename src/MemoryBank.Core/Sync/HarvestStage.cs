using System.Text;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Sync;

/// <summary>
/// The harvest step inside a sync: plans on the freshly merged bank and the sync branch's docs, and
/// returns the bank with harvested entries removed (plus one SESSION_LOG entry) and the docs to write.
/// Runs again, from scratch, on every publish attempt, so a rejected push re-plans on the new state.
/// </summary>
internal sealed class HarvestStage
{
    private readonly bool _force;
    private readonly Func<HarvestItem, bool>? _confirm;
    private readonly Dictionary<string, bool> _answers = new(StringComparer.Ordinal);

    public HarvestStage(bool force, bool dryRun, Func<HarvestItem, bool>? confirm)
    {
        _force = force;
        DryRun = dryRun;
        _confirm = confirm;
    }

    public bool DryRun { get; }

    public HarvestPlan? Plan { get; private set; }

    public (BankSnapshot Bank, IReadOnlyDictionary<string, byte[]> Docs) Apply(SyncContext context, BankSnapshot merged, string remote, DateTimeOffset now)
    {
        var buffers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var policy in context.Config.Files.Where(p => p.Harvest is not null))
        {
            if (merged.Get(policy.Name) is { } bytes)
            {
                buffers[policy.Name] = BankText.Decode(bytes, policy.Name);
            }
        }

        var input = new HarvestInput
        {
            Config = context.Config,
            Buffers = buffers,
            ReadRepoFile = path => ReadAt(context, remote, path),
            ListRepoFolder = folder => ListAt(context, remote, folder),
            Today = DateOnly.FromDateTime(now.UtcDateTime),
            Force = _force,
            ConfirmDecision = _confirm is null ? null : Confirm,
        };
        var plan = HarvestPlanner.Plan(input);
        Plan = plan;
        if (plan.IsEmpty)
        {
            return (merged, new Dictionary<string, byte[]>());
        }

        var bank = merged;
        foreach (var (name, text) in plan.BufferTexts)
        {
            bank = bank.With(name, BankText.Encode(text));
        }

        var logText = bank.Get(SessionLogEntry.FileName) is { } log ? BankText.Decode(log, SessionLogEntry.FileName) : string.Empty;
        var entry = SessionLogEntry.FormatHarvest(now, context.Persona, context.Host, context.Branch, plan.SessionLogSummary);
        bank = bank.With(SessionLogEntry.FileName, BankText.Encode(SessionLogEntry.Append(logText, entry)));

        var docs = plan.DocTexts.ToDictionary(d => d.Key, d => BankText.Encode(d.Value), StringComparer.Ordinal);
        if (!DryRun)
        {
            RequireCleanDocs(context, docs.Keys);
        }

        return (bank, docs);
    }

    public string? CommitMessage(SyncContext context) =>
        Plan is { IsEmpty: false } plan
            ? $"memory-bank: [{context.Persona}@{context.Host}] harvest: {plan.Items.Count} entr{(plan.Items.Count == 1 ? "y" : "ies")}\n\n{plan.SessionLogSummary}\n\nPersona: {context.Persona}\nHost: {context.Host}\nBranch: {context.Branch}\n"
            : null;

    private bool Confirm(HarvestItem item)
    {
        var key = EntryKey.Of(item.Entry);
        if (!_answers.TryGetValue(key, out var answer))
        {
            answer = _confirm!(item);
            _answers[key] = answer;
        }

        return answer;
    }

    private static string? ReadAt(SyncContext context, string commit, string path)
    {
        var entry = context.Objects.TryGetEntry(commit, path);
        if (entry is null || entry.Type != "blob")
        {
            return null;
        }

        return BankText.Decode(context.Objects.ReadBlobs([entry.Id])[entry.Id], path);
    }

    private static IReadOnlyList<string> ListAt(SyncContext context, string commit, string folder)
    {
        var tree = context.Objects.TryResolveTree(commit, folder.TrimEnd('/'));
        return tree is null ? [] : context.Objects.ReadTree(tree).Where(e => e.Type == "blob").Select(e => e.Name).ToArray();
    }

    // Harvest writes these docs into the working tree and commits them to the branch: refuse to touch a
    // doc the user is editing.
    private static void RequireCleanDocs(SyncContext context, IEnumerable<string> paths)
    {
        var dirty = new StringBuilder();
        foreach (var path in paths)
        {
            var status = context.Git.Run(["status", "--porcelain", "-z", "--", path]).StandardOutput;
            if (status.Length > 0)
            {
                dirty.Append(dirty.Length == 0 ? string.Empty : ", ").Append(path);
            }
        }

        if (dirty.Length > 0)
        {
            throw new MemoryBankException(
                "HarvestTargetDirty",
                $"The harvest would write {dirty}, which has uncommitted changes in this clone. Commit or stash them, then run the harvest again; nothing was changed or published.",
                dirty.ToString());
        }
    }
}
