using System.Management.Automation;
using System.Net;
using System.Security;
using MemoryBank.Core.Backup;
using MemoryBank.PowerShell.Completers;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Import-MemoryBank</c>: brings an archive's bank into this clone's bank with a strategy: Merge (each
/// file's strategy as a 2-way merge), Skip (keep local files that exist) or Overwrite (replace them after a
/// pre-import backup). <c>-WhatIf</c> prints the per-file plan. A bad archive changes nothing.
/// </summary>
[Cmdlet(VerbsData.Import, "MemoryBank", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ImportFileAction))]
public sealed class ImportMemoryBankCommand : MemoryBankCmdlet
{
    /// <summary>The archive to import.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>How files that exist locally are treated.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(StrategyCompleter))]
    public ImportStrategy Strategy { get; set; } = ImportStrategy.Merge;

    /// <summary>The password of an encrypted archive.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>A folder inside the git clone whose bank receives the import; the current location when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RepositoryPath { get; set; }

    /// <summary>Plans the import, confirms it, and writes one action per file.</summary>
    protected override void ProcessRecord()
    {
        var archive = ResolveFile(Path);
        var repository = ResolveFolder(RepositoryPath);
        InvokeCore(() =>
        {
            var password = Password is null ? string.Empty : new NetworkCredential(string.Empty, Password).Password;
            var service = new BankBackupService(CreateGitClient(repository));
            var plan = service.PlanImport(repository, archive, Strategy, password);
            var summary = string.Join(", ", plan.Actions.Where(a => a.Action != ImportAction.Unchanged).Select(a => $"{a.File}: {a.Action}"));
            if (!ShouldProcess(repository, $"Import {archive} with {Strategy} ({(summary.Length == 0 ? "no changes" : summary)})"))
            {
                WriteObject(plan.Actions, enumerateCollection: true);
                return;
            }

            var result = service.Import(repository, archive, Strategy, password);
            if (result.BackupPath is not null)
            {
                WriteInformation(new InformationRecord($"The bank before the import is saved at {result.BackupPath}.", "Import-MemoryBank"), ["PSHOST"]);
            }

            WriteObject(result.Actions, enumerateCollection: true);
        });
    }
}
