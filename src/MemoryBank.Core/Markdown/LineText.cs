namespace MemoryBank.Core.Markdown;

/// <summary>
/// Small character scans used on every merge, written as plain loops on purpose.
/// </summary>
/// <remarks>
/// git starts the merge driver as a fresh process per file, so its code runs once, as the ReadyToRun code
/// compiled into this assembly. The framework's generic span helpers (<c>IndexOfAnyExcept&lt;char&gt;</c>,
/// <c>LastIndexOfAny&lt;char&gt;</c>, the ordinal comparison behind <c>string.CompareOrdinal</c>) are not
/// precompiled for these instantiations, so each would be JIT-compiled at tier 0 and run unoptimised for the
/// life of the process. These loops are precompiled with the rest of Core.
/// </remarks>
internal static class LineText
{
    /// <summary>The index of the first character that is not a space or a tab; -1 when there is none.</summary>
    public static int FirstNonBlank(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not (' ' or '\t'))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the first character other than <paramref name="ch"/>; -1 when there is none.</summary>
    public static int FirstOther(ReadOnlySpan<char> text, char ch)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ch)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the last <c>\r</c> or <c>\n</c>; -1 when there is none.</summary>
    public static int LastLineBreak(ReadOnlySpan<char> text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] is '\r' or '\n')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Compares by UTF-16 code unit, like <see cref="string.CompareOrdinal(string, string)"/> (only the sign is meaningful).</summary>
    public static int CompareOrdinal(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return a[i] - b[i];
            }
        }

        return a.Length - b.Length;
    }

    /// <summary>Compares strings by UTF-16 code unit; null sorts first, as in <see cref="string.CompareOrdinal(string, string)"/>.</summary>
    public static int CompareOrdinal(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        return CompareOrdinal(a.AsSpan(), b.AsSpan());
    }
}
