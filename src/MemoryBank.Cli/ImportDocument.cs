using MemoryBank.Core.Backup;

namespace MemoryBank.Cli;

/// <summary>The <c>--json</c> document of <c>memory-bank import</c>.</summary>
/// <param name="Actions">What happens, or happened, to each archived file.</param>
/// <param name="BackupPath">Where the bank was copied before the import; null for a dry run.</param>
/// <param name="DryRun">True when nothing was written.</param>
public sealed record ImportDocument(IReadOnlyList<ImportFileAction> Actions, string? BackupPath, bool DryRun);
