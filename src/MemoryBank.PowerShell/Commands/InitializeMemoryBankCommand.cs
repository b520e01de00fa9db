using System.Management.Automation;
using MemoryBank.Core.Setup;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Initialize-MemoryBank</c>: creates the memory bank's seed files, writes the marked block in
/// <c>.gitattributes</c> and registers the merge drivers in the clone's git config. Outputs one
/// <see cref="SetupResult"/> per change; a clone that is already set up outputs nothing.
/// </summary>
[Cmdlet(VerbsData.Initialize, "MemoryBank", SupportsShouldProcess = true)]
[OutputType(typeof(SetupResult))]
public sealed class InitializeMemoryBankCommand : MemoryBankCmdlet
{
    /// <summary>A folder inside the git clone to set up; the current location when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Also merge MemoryBank's SessionStart, Stop and SessionEnd hooks into <c>.claude/settings.json</c>.</summary>
    [Parameter]
    public SwitchParameter ClaudeHooks { get; set; }

    /// <summary>Plans the changes, confirms each one, and applies it.</summary>
    protected override void ProcessRecord()
    {
        var path = ResolveFolder(Path);
        InvokeCore(() =>
        {
            var initializer = new BankInitializer(CreateGitClient(path));
            foreach (var step in initializer.Plan(path, ModuleDriverLocation.Find(), ClaudeHooks.IsPresent))
            {
                if (ShouldProcess(step.Target, step.Detail))
                {
                    WriteObject(step.Apply());
                }
            }
        });
    }
}
