using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using MemoryBank.Core.Completion;

namespace MemoryBank.PowerShell.Completers;

/// <summary>
/// Completes <c>-Strategy</c>: the import strategies (Merge, Skip, Overwrite) for Import-MemoryBank, and the
/// merge strategy names (union, theirs, graph, ours) everywhere else.
/// </summary>
public sealed class StrategyCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var values = string.Equals(commandName, "Import-MemoryBank", StringComparison.OrdinalIgnoreCase)
            ? ArgumentCandidates.ImportStrategies(wordToComplete)
            : ArgumentCandidates.Strategies(wordToComplete);
        return values.Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, value));
    }
}
