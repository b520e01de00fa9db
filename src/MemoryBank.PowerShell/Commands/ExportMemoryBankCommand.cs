using System.Management.Automation;
using System.Net;
using System.Security;
using MemoryBank.Core.Backup;
using MemoryBank.PowerShell.Completers;

namespace MemoryBank.PowerShell.Commands;

/// <summary>
/// <c>Export-MemoryBank</c>: writes the bank to a zip with a manifest (format version, persona, host, time
/// and a SHA-256 per file); with <c>-Password</c> the whole archive is encrypted with AES-256-GCM.
/// </summary>
[Cmdlet(VerbsData.Export, "MemoryBank", SupportsShouldProcess = true)]
[OutputType(typeof(ExportResult))]
public sealed class ExportMemoryBankCommand : MemoryBankCmdlet
{
    /// <summary>The archive to write; replaced atomically if it exists.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Encrypts the archive with a key derived from this password (PBKDF2-HMAC-SHA256, 600,000 iterations).</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>A folder inside the git clone whose bank is exported; the current location when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RepositoryPath { get; set; }

    /// <summary>The persona recorded in the manifest.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(PersonaCompleter))]
    public string? Persona { get; set; }

    /// <summary>Exports the bank.</summary>
    protected override void ProcessRecord()
    {
        var archive = ResolveFile(Path);
        var repository = ResolveFolder(RepositoryPath);
        if (!ShouldProcess(archive, "Export the memory bank" + (Password is null ? string.Empty : " (encrypted)")))
        {
            return;
        }

        InvokeCore(() =>
        {
            var password = Password is null ? string.Empty : new NetworkCredential(string.Empty, Password).Password;
            WriteObject(new BankBackupService(CreateGitClient(repository)).Export(repository, archive, password, Persona));
        });
    }
}
