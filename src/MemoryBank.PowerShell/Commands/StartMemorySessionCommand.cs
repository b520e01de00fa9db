using System.Management.Automation;
using MemoryBank.Core.Sync;
using MemoryBank.PowerShell.Completers;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Start-MemorySession</c>: fetches, merges the bank changes other clones published into the working
/// tree, and publishes a save that was kept locally while offline. Outputs one <see cref="SessionResult"/>.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "MemorySession", SupportsShouldProcess = true)]
[OutputType(typeof(SessionResult))]
public sealed class StartMemorySessionCommand : MemoryBankCmdlet
{
    /// <summary>A folder inside the git clone; the current location when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>
    /// The persona the session runs as. When omitted: MEMORYBANK_PERSONA, then git config
    /// memorybank.persona, then user.name, then the host name.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PersonaCompleter))]
    public string? Persona { get; set; }

    /// <summary>Starts the session and writes its result.</summary>
    protected override void ProcessRecord()
    {
        var path = ResolveFolder(Path);
        if (!ShouldProcess(path, "Fetch and merge the memory bank changes of other clones"))
        {
            return;
        }

        var progress = CreateProgress();
        var request = new SyncRequest { Path = path, Persona = Persona, Progress = progress };
        InvokeCore(() =>
        {
            var result = new MemorySync(CreateGitClient(path)).Start(request, CancellationToken);
            progress.Complete();
            WriteObject(result);
        });
    }
}
