using System.Management.Automation;
using MemoryBank.Core.Sync;
using MemoryBank.PowerShell.Completers;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Add-MemoryEntry</c>: appends a quick-capture entry to a bank file, stamped with the time and the
/// persona. Each string piped in becomes its own entry. Outputs one <see cref="EntryAddResult"/> per entry.
/// </summary>
[Cmdlet(VerbsCommon.Add, "MemoryEntry", SupportsShouldProcess = true)]
[OutputType(typeof(EntryAddResult))]
public sealed class AddMemoryEntryCommand : MemoryBankCmdlet
{
    /// <summary>
    /// The bank file: its name with or without <c>.md</c>, or a unique case-insensitive prefix such as
    /// <c>lessons</c> for lessons-buffer.md.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BankFileCompleter))]
    public string File { get; set; } = string.Empty;

    /// <summary>The entry text; more lines become nested under the list item. Accepts pipeline input.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string Text { get; set; } = string.Empty;

    /// <summary>A folder inside the git clone; the current location when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>
    /// The persona recorded in the entry. When omitted: MEMORYBANK_PERSONA, then git config
    /// memorybank.persona, then user.name, then the host name.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PersonaCompleter))]
    public string? Persona { get; set; }

    /// <summary>Adds one entry for each value of <see cref="Text"/>.</summary>
    protected override void ProcessRecord()
    {
        var path = ResolveFolder(Path);
        var firstLine = Text.Split('\n', 2)[0].TrimEnd('\r');
        if (!ShouldProcess(File, $"Add the entry '{firstLine}'"))
        {
            return;
        }

        var request = new AddEntryRequest { Path = path, File = File, Text = Text, Persona = Persona };
        InvokeCore(() => WriteObject(new MemorySync(CreateGitClient(path)).Add(request)));
    }
}
