using System.Management.Automation;
using MemoryBank.Core;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Invoke-MemoryHarvest</c>: moves the entries of the buffers that reached their thresholds into the
/// repository's formal documents (patterns catalogue, post-mortems, ADRs). Not available in this build yet.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MemoryHarvest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class InvokeMemoryHarvestCommand : MemoryBankCmdlet
{
    /// <summary>A folder inside the git clone; the current location when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Harvests the buffers that have not reached their thresholds too.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Ends the command: the harvest feature is not in this build.</summary>
    protected override void ProcessRecord()
    {
        var path = ResolveFolder(Path);
        ThrowTerminatingError(ErrorMapper.ToErrorRecord(new MemoryBankException(
            ErrorMapper.NotYetAvailable,
            "Invoke-MemoryHarvest is not available in this build yet; it arrives with the harvest feature.",
            path)));
    }
}
