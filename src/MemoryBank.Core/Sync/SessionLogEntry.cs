using System.Globalization;
using System.Text;

namespace MemoryBank.Core.Sync;

/// <summary>Formats the SESSION_LOG entry and the commit message of a save.</summary>
internal static class SessionLogEntry
{
    public const string FileName = "SESSION_LOG.md";

    /// <summary>One <c>## time persona</c> section: host, branch, per-file +N/−N and the message.</summary>
    public static string Format(DateTimeOffset time, string persona, string host, string branch, IReadOnlyList<FileChange> changes, string? message)
    {
        var builder = new StringBuilder();
        builder.Append("## ").Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(' ').Append(persona).Append('\n');
        builder.Append("- host: ").Append(host).Append('\n');
        builder.Append("- branch: ").Append(branch).Append('\n');
        builder.Append("- changes: ").Append(Summary(changes)).Append('\n');
        if (!string.IsNullOrWhiteSpace(message))
        {
            builder.Append("- note: ").Append(string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>One <c>## time persona</c> section for a harvest: what moved where.</summary>
    public static string FormatHarvest(DateTimeOffset time, string persona, string host, string branch, string summary)
    {
        var builder = new StringBuilder();
        builder.Append("## ").Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(' ').Append(persona).Append('\n');
        builder.Append("- host: ").Append(host).Append('\n');
        builder.Append("- branch: ").Append(branch).Append('\n');
        builder.Append("- harvest: ").Append(summary.Replace('\n', ' ')).Append('\n');
        return builder.ToString();
    }

    /// <summary>Appends <paramref name="entry"/> as the last entry of <paramref name="text"/>, separated by a blank line.</summary>
    public static string Append(string text, string entry)
    {
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = entry.Replace("\n", newline, StringComparison.Ordinal);
        if (text.Length == 0)
        {
            return body;
        }

        var trimmed = text.TrimEnd('\r', '\n');
        return trimmed + newline + newline + body;
    }

    /// <summary>The commit message: a subject naming persona, host and per-file counts, then details.</summary>
    public static string CommitMessage(string persona, string host, string branch, IReadOnlyList<FileChange> changes, string? message)
    {
        var builder = new StringBuilder();
        builder.Append("memory-bank: [").Append(persona).Append('@').Append(host).Append("] ").Append(Summary(changes)).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(message))
        {
            builder.Append(message.Trim()).Append("\n\n");
        }

        builder.Append("Persona: ").Append(persona).Append('\n');
        builder.Append("Host: ").Append(host).Append('\n');
        builder.Append("Branch: ").Append(branch).Append('\n');
        return builder.ToString();
    }

    /// <summary>Reads the persona back from a MemoryBank commit subject, or null for other commits.</summary>
    public static string? PersonaFromSubject(string subject)
    {
        const string prefix = "memory-bank: [";
        if (!subject.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var close = subject.IndexOf(']', prefix.Length);
        if (close < 0)
        {
            return null;
        }

        var inside = subject[prefix.Length..close];
        var at = inside.LastIndexOf('@');
        return at > 0 ? inside[..at] : inside;
    }

    private static string Summary(IReadOnlyList<FileChange> changes) =>
        changes.Count == 0 ? "no entry changes" : string.Join(", ", changes.Select(c => $"{c.File} +{c.Added}/-{c.Removed}"));
}
