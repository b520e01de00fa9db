using System.Globalization;

namespace MemoryBank.Core.Diagnostics;

/// <summary>Helpers that keep check details short and readable.</summary>
internal static class DetailText
{
    /// <summary>The first <paramref name="max"/> items joined by "; ", then "and N more".</summary>
    public static string List(IReadOnlyCollection<string> items, int max = 8)
    {
        var shown = string.Join("; ", items.Take(max));
        return items.Count > max ? $"{shown}; and {(items.Count - max).ToString(CultureInfo.InvariantCulture)} more" : shown;
    }

    /// <summary>"1 file", "3 files".</summary>
    public static string Count(int count, string singular, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Clip(string text, int max = 80) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
