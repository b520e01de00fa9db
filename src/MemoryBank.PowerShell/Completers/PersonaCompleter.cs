using System.Collections;
using MemoryBank.Core.Completion;
using MemoryBank.Core.Sync;

namespace MemoryBank.PowerShell.Completers;

/// <summary>
/// Completes a persona (<c>-Persona</c>): the MEMORYBANK_PERSONA environment variable's value first, then the
/// personas of the sessions recorded in SESSION_LOG.md (its <c>## &lt;time&gt; &lt;persona&gt;</c> headings),
/// the most recent first.
/// </summary>
public sealed class PersonaCompleter : MemoryBankCompleter
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> GetValues(string wordToComplete, IDictionary fakeBoundParameters) =>
        ArgumentCandidates.Personas(ResolveFolder(fakeBoundParameters), wordToComplete, Environment.GetEnvironmentVariable(PersonaResolver.EnvironmentVariable));
}
