using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Backup;

/// <summary>The outcome of planning an import: what happens to each file and the bank that results. Nothing is written yet.</summary>
/// <param name="Strategy">The strategy the plan was made with.</param>
/// <param name="Actions">One action per archive file, in ordinal path order, then any conflict copies added.</param>
/// <param name="Result">The bank after the import: local files, plus what the actions add or change.</param>
public sealed record ImportPlan(ImportStrategy Strategy, IReadOnlyList<ImportFileAction> Actions, BankSnapshot Result)
{
    /// <summary>
    /// True when the import replaces local content that would otherwise be lost (an <see cref="ImportAction.Overwritten"/>
    /// file): write a backup of the local bank before applying the plan. Merges keep everything, so they do not need one.
    /// </summary>
    public bool NeedsBackup => Actions.Any(action => action.Action == ImportAction.Overwritten);

    /// <summary>True when applying the plan changes the bank.</summary>
    public bool HasChanges => Actions.Any(action => action.Action is ImportAction.Added or ImportAction.Merged or ImportAction.Overwritten);
}
