namespace MemoryBank.Core.Diagnostics;

/// <summary>One health check: a stable name, and a run that inspects (and, when asked, repairs) one concern.</summary>
internal abstract class HealthCheck
{
    /// <summary>The check's stable name, one of <see cref="CheckNames"/>.</summary>
    public abstract string Name { get; }

    /// <summary>Runs the check; repairs only when <see cref="CheckContext.Repair"/> is set.</summary>
    public abstract CheckResult Run(CheckContext context);

    protected CheckResult Pass(string detail, bool repaired = false, string? fix = null) =>
        new() { Name = Name, Status = CheckStatus.Pass, Detail = detail, Fix = fix, Repaired = repaired };

    protected CheckResult Warn(string detail, string fix, bool repaired = false) =>
        new() { Name = Name, Status = CheckStatus.Warn, Detail = detail, Fix = fix, Repaired = repaired };

    protected CheckResult Fail(string detail, string fix, bool repaired = false) =>
        new() { Name = Name, Status = CheckStatus.Fail, Detail = detail, Fix = fix, Repaired = repaired };

    /// <summary>The result of a check that needs the configuration when it is invalid.</summary>
    protected CheckResult NotChecked() => Warn(
        $"Not checked: the configuration is invalid ({CheckNames.Config} check).",
        $"Fix {Config.MemoryBankConfig.FileName} as the {CheckNames.Config} check says, then run the check again.");
}
