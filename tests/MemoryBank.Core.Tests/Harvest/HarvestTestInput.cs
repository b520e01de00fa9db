using MemoryBank.Core.Config;
using MemoryBank.Core.Harvest;
using MemoryBank.Core.Markdown;

namespace MemoryBank.Core.Tests.Harvest;

/// <summary>Builds planner inputs over an in-memory repository; reads fixtures.</summary>
internal sealed class HarvestTestInput
{
    public static readonly DateOnly Today = new(2026, 11, 21);

    public Dictionary<string, string> Buffers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public MemoryBankConfig Config { get; set; } = MemoryBankConfig.CreateDefault();

    public bool Force { get; set; }

    public DateOnly Date { get; set; } = Today;

    public Func<HarvestItem, bool>? Confirm { get; set; }

    public static string Fixture(string name) =>
        BankText.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Harvest", name));

    public static string Crlf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

    public HarvestInput Build() => new()
    {
        Config = Config,
        Buffers = Buffers,
        ReadRepoFile = path => Files.TryGetValue(path, out var text) ? text : null,
        ListRepoFolder = folder => Files.Keys
            .Where(p => p.StartsWith(folder + "/", StringComparison.Ordinal) && !p[(folder.Length + 1)..].Contains('/'))
            .Select(p => p[(folder.Length + 1)..])
            .ToList(),
        Today = Date,
        Force = Force,
        ConfirmDecision = Confirm,
    };

    public HarvestPlan Plan() => HarvestPlanner.Plan(Build());

    /// <summary>Writes the plan into this repository, as the lead's wiring will.</summary>
    public void Apply(HarvestPlan plan)
    {
        foreach (var (name, text) in plan.BufferTexts)
        {
            Buffers[name] = text;
        }

        foreach (var (path, text) in plan.DocTexts)
        {
            Files[path] = text;
        }
    }

    public static MemoryBankConfig ConfigWith(params FilePolicy[] policies) =>
        new(MemoryBankConfig.DefaultBankPath, "origin", "main", policies, TimeSpan.FromSeconds(30), 0.5, 10, Array.Empty<string>(), null);
}
