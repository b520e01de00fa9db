using System.Management.Automation;
using MemoryBank.Core.Config;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Sync;
using MemoryBank.PowerShell.Completers;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Invoke-MemoryHarvest</c>: syncs like Start-MemorySession, moves the entries of the buffers that reached
/// their thresholds into Patterns.md, post-mortems and numbered ADRs, and publishes the doc changes and the
/// buffer removals as one commit on the sync branch. Each decision asks for confirmation before its ADR is
/// created; <c>-WhatIf</c> shows the full plan and changes nothing. Outputs one <see cref="HarvestItem"/> per
/// harvested entry.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MemoryHarvest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HarvestItem))]
public sealed class InvokeMemoryHarvestCommand : MemoryBankCmdlet
{
    /// <summary>A folder inside the git clone; the current location when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Harvests the buffers that have not reached their thresholds too.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Commits the harvest locally as a pending publish, for review before the next save.</summary>
    [Parameter]
    public SwitchParameter NoPublish { get; set; }

    /// <summary>The persona recorded in SESSION_LOG and the harvest commit (each ADR's decider is the persona of its inbox entry).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(PersonaCompleter))]
    public string? Persona { get; set; }

    /// <summary>Secret-guard rules to allow for this run.</summary>
    [Parameter]
    public string[]? AllowSecret { get; set; }

    /// <summary>Plans (with -WhatIf) or runs the harvest and writes one item per harvested entry.</summary>
    protected override void ProcessRecord()
    {
        var path = ResolveFolder(Path);
        var progress = CreateProgress();
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) && value is SwitchParameter { IsPresent: true };
        InvokeCore(() =>
        {
            var sync = new MemorySync(CreateGitClient(path));
            if (whatIf)
            {
                var plan = sync.Harvest(new HarvestRequest { Path = path, Persona = Persona, Force = Force.IsPresent, DryRun = true, Progress = progress }, CancellationToken);
                progress.Complete();
                foreach (var item in plan.Items)
                {
                    ShouldProcess(item.TargetFile, Describe(item));
                }

                foreach (var note in plan.Notes)
                {
                    WriteVerbose(note);
                }

                return;
            }

            if (!ShouldProcess(path, "Harvest the memory bank's buffers into docs and publish them as one commit"))
            {
                return;
            }

            var result = sync.Harvest(
                new HarvestRequest
                {
                    Path = path,
                    Persona = Persona,
                    Force = Force.IsPresent,
                    NoPublish = NoPublish.IsPresent,
                    ConfirmDecision = item => ShouldProcess(item.TargetFile, Describe(item)),
                    AllowSecretRules = AllowSecret ?? [],
                    Progress = progress,
                },
                CancellationToken);
            progress.Complete();
            foreach (var note in result.Notes)
            {
                WriteVerbose(note);
            }

            WriteObject(result.Items, enumerateCollection: true);
        });
    }

    private static string Describe(HarvestItem item) => item.Kind == HarvestKind.Decisions
        ? $"Create ADR-{item.AdrNumber:D3} for decision '{item.Title}'"
        : $"Move '{item.Title}' from {item.SourceFile}";
}
