namespace MemoryBank.Bench.Harness;

/// <summary>The timed samples of one measured operation, kept raw so the report can show them.</summary>
internal sealed class Series
{
    public Series(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public List<double> Samples { get; } = new();

    /// <summary>GC pause time during each sample, when the sampler measured it (in process only).</summary>
    public List<double> GcPauseSamples { get; } = new();

    public Stats Stats => Stats.Of(Samples);
}
