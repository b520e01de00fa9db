using System.Text;

namespace MemoryBank.Core.Markdown;

/// <summary>Normalises entry text into the identity merges compare.</summary>
public static class EntryKey
{
    /// <summary>Line endings become <c>\n</c>, trailing white space per line and trailing blank lines go, and a BOM is ignored.</summary>
    public static string Of(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        foreach (var line in lines)
        {
            builder.Append(line.TrimEnd()).Append('\n');
        }

        return builder.ToString().TrimEnd('\n');
    }
}
