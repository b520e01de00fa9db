using System.Collections;
using MemoryBank.Core.Completion;

namespace MemoryBank.PowerShell.Completers;

/// <summary>
/// Completes a bank file name (<c>Add-MemoryEntry -File</c>): every policy's file and every <c>*.md</c> file
/// in the bank folder of the repository at <c>-Path</c> or the current location. Reads the file system and
/// <c>.memorybank.json</c> only; git is not started.
/// </summary>
public sealed class BankFileCompleter : MemoryBankCompleter
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> GetValues(string wordToComplete, IDictionary fakeBoundParameters) =>
        ArgumentCandidates.BankFiles(ResolveFolder(fakeBoundParameters), wordToComplete);
}
