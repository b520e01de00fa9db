using System.Management.Automation;
using MemoryBank.Core.Sync;
using MemoryBank.PowerShell.Completers;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Save-MemorySession</c>: merges, then publishes this clone's memory bank as one commit on the sync
/// branch, and appends the session to SESSION_LOG.md. Outputs one <see cref="SessionResult"/>.
/// </summary>
[Cmdlet(VerbsData.Save, "MemorySession", SupportsShouldProcess = true)]
[OutputType(typeof(SessionResult))]
public sealed class SaveMemorySessionCommand : MemoryBankCmdlet
{
    /// <summary>A folder inside the git clone; the current location when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>
    /// The persona the session ran as. When omitted: MEMORYBANK_PERSONA, then git config
    /// memorybank.persona, then user.name, then the host name.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PersonaCompleter))]
    public string? Persona { get; set; }

    /// <summary>An extra line for the commit message and the SESSION_LOG.md entry.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Message { get; set; }

    /// <summary>Saves even when more entries were deleted than the mass-deletion guard permits.</summary>
    [Parameter]
    public SwitchParameter AllowDeletes { get; set; }

    /// <summary>Commits locally without using the network; the next start or save publishes the commit.</summary>
    [Parameter]
    public SwitchParameter Local { get; set; }

    /// <summary>
    /// Secret-guard rules to allow for this save only, for example <c>jwt</c>; rules allowed for good go in
    /// .memorybank.json's <c>secrets.allow</c>. See docs/secret-guard.md.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AllowSecret { get; set; }

    /// <summary>Saves the session and writes its result.</summary>
    protected override void ProcessRecord()
    {
        var path = ResolveFolder(Path);
        var action = Local.IsPresent
            ? "Commit the memory bank locally, to be published by the next start or save"
            : "Commit the memory bank and publish it to the sync branch";
        if (!ShouldProcess(path, action))
        {
            return;
        }

        var progress = CreateProgress();
        var request = new SyncRequest
        {
            Path = path,
            Persona = Persona,
            Message = Message,
            AllowDeletes = AllowDeletes.IsPresent,
            LocalOnly = Local.IsPresent,
            AllowSecretRules = AllowSecret ?? [],
            Progress = progress,
        };
        InvokeCore(() =>
        {
            var result = new MemorySync(CreateGitClient(path)).Save(request, CancellationToken);
            progress.Complete();
            WriteObject(result);
        });
    }
}
