using System.Globalization;

namespace MemoryBank.Bench.Harness;

/// <summary>Number formats for the report: invariant culture, so results read the same on every machine.</summary>
internal static class Format
{
    public static string Ms(double milliseconds) =>
        milliseconds.ToString(milliseconds >= 100 ? "N0" : milliseconds >= 10 ? "N1" : "N2", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => ratio.ToString("N2", CultureInfo.InvariantCulture) + "×";

    public static string Count(double count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024.0 / 1024.0).ToString("N2", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " KB";

    /// <summary>"median (p90)".</summary>
    public static string MedianP90(Stats stats) => $"{Ms(stats.Median)} ({Ms(stats.P90)})";
}
