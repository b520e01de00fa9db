namespace MemoryBank.Core.Harvest;

/// <summary>
/// A harvest cannot be planned safely: appending to a target document would change how its existing
/// content reads. Nothing is planned when this is thrown.
/// </summary>
public sealed class HarvestException : MemoryBankException
{
    /// <summary>The error id: <c>HarvestTargetUnsafe</c>.</summary>
    public const string TargetUnsafe = "HarvestTargetUnsafe";

    /// <summary>Creates the error for the target document at <paramref name="path"/> (repository-relative).</summary>
    public HarvestException(string message, string path, Exception? innerException = null)
        : base(TargetUnsafe, message, path, innerException)
    {
    }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => MemoryBankErrorKind.InvalidInput;
}
