using System.Management.Automation;
using MemoryBank.Core;
using MemoryBank.Core.Config;
using MemoryBank.Core.Git;

namespace MemoryBank.PowerShell;

/// <summary>
/// Turns a Core <see cref="MemoryBankException"/> into the <see cref="ErrorRecord"/> a cmdlet writes:
/// the stable error id, a category from the error's kind, and its target (path, file or remote).
/// </summary>
internal static class ErrorMapper
{
    /// <summary>Builds the error record for <paramref name="exception"/>, keeping the exception as its cause.</summary>
    public static ErrorRecord ToErrorRecord(MemoryBankException exception) =>
        new(exception, exception.ErrorId, CategoryFor(exception), exception.Target);

    /// <summary>
    /// True when nothing can proceed after <paramref name="exception"/>: the path is not a repository,
    /// the configuration is invalid, git cannot run, or the repository is mid-operation. Anything else
    /// concerns one item and is written as a non-terminating error.
    /// </summary>
    public static bool IsTerminating(MemoryBankException exception) =>
        exception is NotARepositoryException or ConfigException
            || exception is GitCommandException { ExitCode: -1, TimedOut: false }
            || exception.Kind == MemoryBankErrorKind.UnsafeRepositoryState;

    /// <summary>The PowerShell category for <paramref name="exception"/>.</summary>
    public static ErrorCategory CategoryFor(MemoryBankException exception)
    {
        // A timeout says more than its kind does.
        if (exception is GitCommandException { TimedOut: true, RemoteUnreachable: false })
        {
            return ErrorCategory.OperationTimeout;
        }

        return exception.Kind switch
        {
            MemoryBankErrorKind.InvalidInput => ErrorCategory.InvalidData,
            MemoryBankErrorKind.RemoteUnreachable => ErrorCategory.ConnectionError,
            MemoryBankErrorKind.UnsafeRepositoryState => ErrorCategory.InvalidOperation,
            MemoryBankErrorKind.Busy => ErrorCategory.ResourceBusy,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
