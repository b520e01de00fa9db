namespace MemoryBank.Core;

/// <summary>
/// Base of every error MemoryBank raises on purpose. <see cref="ErrorId"/> is stable and is what
/// PowerShell shows as the FullyQualifiedErrorId prefix and what the CLI prints in <c>--json</c> output.
/// </summary>
public class MemoryBankException : Exception
{
    /// <summary>Creates an error with a stable id, a message that says what failed, where and what to do next.</summary>
    public MemoryBankException(string errorId, string message, string? target = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Target = target;
    }

    /// <summary>A stable PascalCase id such as <c>GitCommandFailed</c> or <c>ConfigInvalid</c>.</summary>
    public string ErrorId { get; }

    /// <summary>The path, file, remote or key the error is about, when there is one.</summary>
    public string? Target { get; }

    /// <summary>What kind of failure this is; cmdlets map it to an ErrorCategory, the CLI to an exit code.</summary>
    public virtual MemoryBankErrorKind Kind => MemoryBankErrorKind.Failed;
}

/// <summary>Broad classes of failure, shared by the cmdlet error mapping and the CLI exit codes.</summary>
public enum MemoryBankErrorKind
{
    /// <summary>The operation failed (CLI exit code 1).</summary>
    Failed,

    /// <summary>The input or configuration is invalid (CLI exit code 1; PowerShell InvalidData).</summary>
    InvalidInput,

    /// <summary>The remote could not be reached; work was kept locally (CLI exit code 3).</summary>
    RemoteUnreachable,

    /// <summary>The repository is in a state where syncing is unsafe; nothing was touched (CLI exit code 4).</summary>
    UnsafeRepositoryState,

    /// <summary>Another sync holds the lock (CLI exit code 1; PowerShell ResourceBusy).</summary>
    Busy,
}
