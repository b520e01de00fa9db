using MemoryBank.Core.Config;

namespace MemoryBank.Core.Diagnostics;

/// <summary><c>config</c>: <c>.memorybank.json</c> parses strictly and its bank path stays inside the repository.</summary>
internal sealed class ConfigCheck : HealthCheck
{
    public override string Name => CheckNames.Config;

    public override CheckResult Run(CheckContext context)
    {
        if (context.ConfigProblem is { } problem)
        {
            return Fail(problem.Message, $"Correct {MemoryBankConfig.FileName} at the line and key named (see docs/configuration.md), then run the check again.");
        }

        var config = context.Config!;
        var source = config.SourcePath is null ? $"No {MemoryBankConfig.FileName}: the defaults apply" : $"{MemoryBankConfig.FileName} is valid";
        return Pass($"{source}; bank folder {config.BankPath}, {DetailText.Count(config.Files.Count, "file policy", "file policies")}, sync branch {config.Remote}/{config.SyncBranch}.");
    }
}
