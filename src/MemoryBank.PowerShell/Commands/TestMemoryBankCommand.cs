using System.Management.Automation;
using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Setup;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Test-MemoryBank</c>: checks the bank's health (config, files, conflict markers, .gitattributes,
/// drivers, lock, journal, double harvest, conflict copies, permissions). With <c>-Repair</c> it fixes
/// what it safely can and reports what it did.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "MemoryBank", SupportsShouldProcess = true)]
[OutputType(typeof(CheckResult))]
public sealed class TestMemoryBankCommand : MemoryBankCmdlet
{
    /// <summary>A folder inside the git clone; the current location when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Fixes what can be fixed safely: drivers, the .gitattributes block, a stale lock, permissions, leftover temp files.</summary>
    [Parameter]
    public SwitchParameter Repair { get; set; }

    /// <summary>Runs the checks and writes one result per check.</summary>
    protected override void ProcessRecord()
    {
        var path = ResolveFolder(Path);
        var repair = Repair.IsPresent && ShouldProcess(path, "Repair the memory bank setup (drivers, .gitattributes block, stale lock, permissions)");
        InvokeCore(() =>
        {
            var checker = new HealthChecker(CreateGitClient(path));
            WriteObject(checker.Run(path, repair, ModuleDriverLocation.Find(), CancellationToken), enumerateCollection: true);
        });
    }
}
