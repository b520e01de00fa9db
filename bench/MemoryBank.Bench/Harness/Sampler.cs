using System.Diagnostics;

namespace MemoryBank.Bench.Harness;

/// <summary>
/// A Stopwatch harness: warm-up runs that are thrown away, then N timed runs. Process comparisons
/// alternate the two sides and flip their order every iteration, so drift on this noisy machine (other
/// tenants, CPU frequency, page cache) lands on both sides alike.
/// </summary>
internal static class Sampler
{
    /// <summary>Times <paramref name="action"/> in process; a full GC before each run keeps one run's garbage out of the next.</summary>
    public static Series Measure(string name, int warmUp, int iterations, Action action)
    {
        var series = new Series(name);
        for (var i = 0; i < warmUp + iterations; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var pausedBefore = GC.GetTotalPauseDuration();
            var watch = Stopwatch.StartNew();
            action();
            watch.Stop();
            if (i >= warmUp)
            {
                series.Samples.Add(watch.Elapsed.TotalMilliseconds);
                series.GcPauseSamples.Add((GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds);
            }
        }

        return series;
    }

    /// <summary>
    /// Runs two operations alternately. Each returns the milliseconds of its timed part, so untimed
    /// preparation (fresh copies, a change to publish) and checks can live inside it.
    /// </summary>
    public static (Series A, Series B) Alternate(string nameA, Func<int, double> a, string nameB, Func<int, double> b, int warmUp, int iterations)
    {
        var seriesA = new Series(nameA);
        var seriesB = new Series(nameB);
        for (var i = 0; i < warmUp + iterations; i++)
        {
            double timeA, timeB;
            if (i % 2 == 0)
            {
                timeA = a(i);
                timeB = b(i);
            }
            else
            {
                timeB = b(i);
                timeA = a(i);
            }

            if (i >= warmUp)
            {
                seriesA.Samples.Add(timeA);
                seriesB.Samples.Add(timeB);
            }
        }

        return (seriesA, seriesB);
    }

    /// <summary>Runs several process operations round-robin, rotating the starting one each iteration.</summary>
    public static IReadOnlyList<Series> RoundRobin(IReadOnlyList<(string Name, Func<int, double> Run)> operations, int warmUp, int iterations)
    {
        var series = operations.Select(o => new Series(o.Name)).ToArray();
        for (var i = 0; i < warmUp + iterations; i++)
        {
            for (var k = 0; k < operations.Count; k++)
            {
                var index = (i + k) % operations.Count;
                var time = operations[index].Run(i);
                if (i >= warmUp)
                {
                    series[index].Samples.Add(time);
                }
            }
        }

        return series;
    }
}
