using System.Globalization;

namespace MemoryBank.Core.Sync;

/// <summary>Reads which personas saved sessions from SESSION_LOG.md, whose entries start <c>## &lt;time&gt; &lt;persona&gt;</c>.</summary>
public static class PersonaHistory
{
    /// <summary>The session log's file name in the bank folder.</summary>
    public const string SessionLogFileName = SessionLogEntry.FileName;

    /// <summary>
    /// The personas of the session headings in <paramref name="text"/>, once each (case-sensitive), the most
    /// recently seen first. A heading counts when it is a level-two heading outside fenced code whose first
    /// word is an ISO 8601 time, such as <c>## 2026-11-21T09:16:26Z dev-engineer</c>; the rest of the line is
    /// the persona.
    /// </summary>
    public static IReadOnlyList<string> FromSessionLog(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lastSeen = new Dictionary<string, (DateTimeOffset Time, int Order)>(StringComparer.Ordinal);
        string? fence = null;
        var order = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.TrimStart(' ');
            if (line.Length - trimmed.Length <= 3 && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                var marker = trimmed[..3];
                fence = fence is null ? marker : fence == marker ? null : fence;
                continue;
            }

            if (fence is not null || TryReadHeading(line) is not { } heading)
            {
                continue;
            }

            order++;
            if (!lastSeen.TryGetValue(heading.Persona, out var seen) || heading.Time >= seen.Time)
            {
                lastSeen[heading.Persona] = (heading.Time, order);
            }
        }

        return lastSeen
            .OrderByDescending(pair => pair.Value.Time)
            .ThenByDescending(pair => pair.Value.Order)
            .Select(pair => pair.Key)
            .ToArray();
    }

    private static (DateTimeOffset Time, string Persona)? TryReadHeading(string line)
    {
        if (!line.StartsWith("## ", StringComparison.Ordinal) && !line.StartsWith("##\t", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = line[3..].Trim();
        var space = rest.IndexOfAny([' ', '\t']);
        if (space <= 0)
        {
            return null;
        }

        var persona = rest[(space + 1)..].Trim();
        if (persona.Length == 0
            || !DateTimeOffset.TryParse(rest[..space], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            || !char.IsAsciiDigit(rest[0]))
        {
            return null;
        }

        return (time, persona);
    }
}
