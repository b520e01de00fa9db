namespace MemoryBank.Core.Merge;

/// <summary>Reads, writes and strips the latest-wins stamp line at the top of a file.</summary>
public static class StampLine
{
    /// <summary>Returns <paramref name="text"/> with its first line set to <paramref name="stamp"/> (replaced, or inserted after a BOM).</summary>
    public static string Apply(string text, UpdateStamp stamp)
    {
        var bom = text.StartsWith('\uFEFF') ? "\uFEFF" : string.Empty;
        var body = Strip(text)[bom.Length..];
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        return bom + stamp.ToLine() + newline + body;
    }

    /// <summary>Returns <paramref name="text"/> without its stamp line (a BOM stays).</summary>
    public static string Strip(string text)
    {
        if (UpdateStamp.TryRead(text) is null)
        {
            return text;
        }

        var bom = text.StartsWith('\uFEFF') ? 1 : 0;
        var end = text.IndexOf('\n', bom);
        return text[..bom] + (end < 0 ? string.Empty : text[(end + 1)..]);
    }
}
