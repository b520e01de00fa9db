namespace MemoryBank.Bench.Harness;

/// <summary>A summary of timing samples, in milliseconds.</summary>
/// <param name="Count">How many samples were taken (warm-up runs excluded).</param>
/// <param name="Median">The median; the mean of the two middle samples when the count is even.</param>
/// <param name="P90">The 90th percentile, nearest rank.</param>
/// <param name="Min">The fastest sample.</param>
/// <param name="Max">The slowest sample.</param>
internal sealed record Stats(int Count, double Median, double P90, double Min, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("No samples to summarise.", nameof(samples));
        }

        var sorted = samples.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        var p90 = sorted[Math.Max(0, (int)Math.Ceiling(0.9 * sorted.Length) - 1)];
        return new Stats(sorted.Length, median, p90, sorted[0], sorted[^1]);
    }
}
