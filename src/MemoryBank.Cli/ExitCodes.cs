using MemoryBank.Core;

namespace MemoryBank.Cli;

/// <summary>The CLI's documented exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>Failed; stderr says what and why.</summary>
    public const int Failed = 1;

    /// <summary>Usage error.</summary>
    public const int Usage = 2;

    /// <summary>The remote is unreachable; the work is kept locally.</summary>
    public const int RemoteUnreachable = 3;

    /// <summary>The repository is in a state where syncing is unsafe; nothing was touched.</summary>
    public const int UnsafeRepositoryState = 4;

    /// <summary>The exit code for an error of <paramref name="kind"/>.</summary>
    public static int For(MemoryBankErrorKind kind) => kind switch
    {
        MemoryBankErrorKind.RemoteUnreachable => RemoteUnreachable,
        MemoryBankErrorKind.UnsafeRepositoryState => UnsafeRepositoryState,
        _ => Failed,
    };
}
