using System.Collections;
using MemoryBank.Core.Completion;

namespace MemoryBank.PowerShell.Completers;

/// <summary>Completes a merge strategy name (<c>-Strategy</c>): union, theirs, graph or ours.</summary>
public sealed class StrategyCompleter : MemoryBankCompleter
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> GetValues(string wordToComplete, IDictionary fakeBoundParameters) =>
        ArgumentCandidates.Strategies(wordToComplete);
}
