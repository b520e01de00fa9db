namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// The outcome of one health check. Property names are the CLI's <c>--json</c> fields and what
/// <c>Test-MemoryBank</c> emits.
/// </summary>
public sealed class CheckResult
{
    /// <summary>The check's stable name, one of <see cref="CheckNames"/>: <c>config</c>, <c>bank-files</c>, ….</summary>
    public required string Name { get; init; }

    /// <summary>Pass, Warn or Fail, after any repair this run made.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>What the check found, or what the repair did; names files, lines and keys.</summary>
    public required string Detail { get; init; }

    /// <summary>What to do next, or null when nothing is needed.</summary>
    public string? Fix { get; init; }

    /// <summary>True when this run repaired what the check found (<c>-Repair</c>, <c>--repair</c>).</summary>
    public bool Repaired { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Status}: {Detail}";
}
