namespace MemoryBank.Core.Diagnostics;

/// <summary>How a health check came out.</summary>
public enum CheckStatus
{
    /// <summary>Healthy, or repaired during this run.</summary>
    Pass,

    /// <summary>Works, but something needs attention (or is worth knowing).</summary>
    Warn,

    /// <summary>Broken: syncs or merges can lose or garble bank content until it is fixed.</summary>
    Fail,
}
