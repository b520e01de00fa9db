using System.Management.Automation;
using MemoryBank.Core.Sync;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Get-MemorySyncStatus</c>: one <see cref="FileStatus"/> per bank file, with its unsaved and incoming
/// changes, harvest threshold, conflict copies and merge-driver registration.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MemorySyncStatus")]
[OutputType(typeof(FileStatus))]
public sealed class GetMemorySyncStatusCommand : MemoryBankCmdlet
{
    /// <summary>A folder inside the git clone; the current location when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Skips the fetch and reports remote changes as of the last fetch; works offline.</summary>
    [Parameter]
    public SwitchParameter NoFetch { get; set; }

    /// <summary>Writes one status row per bank file.</summary>
    protected override void ProcessRecord()
    {
        var path = ResolveFolder(Path);
        var progress = CreateProgress();
        var request = new StatusRequest { Path = path, NoFetch = NoFetch.IsPresent, Progress = progress };
        InvokeCore(() =>
        {
            var rows = new MemorySync(CreateGitClient(path)).Status(request, CancellationToken);
            progress.Complete();
            WriteObject(rows, enumerateCollection: true);
        });
    }
}
