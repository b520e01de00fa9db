using System.Text;

namespace MemoryBank.Core.Sync;

/// <summary>
/// The compact Markdown brief <c>memory-bank start --hook</c> prints for Claude Code's SessionStart hook,
/// whose stdout goes into the model's context: what changed and from whom, the active context's
/// headline, buffers near their harvest threshold, and any problem, summarised rather than failing.
/// </summary>
public static class SessionBrief
{
    /// <summary>Formats the brief for a finished start.</summary>
    public static string Format(SessionResult result)
    {
        var builder = new StringBuilder();
        builder.Append("## Memory bank (").Append(result.Branch).Append(", synced with ").Append(result.SyncBranch);
        builder.Append(result.Offline ? ", offline" : string.Empty).Append(")\n");
        if (result.Headline is { Length: > 0 } headline)
        {
            builder.Append("- Active context: ").Append(headline).Append('\n');
        }

        if (result.Files.Count == 0)
        {
            builder.Append("- No new memory from other clones since the last session.\n");
        }
        else
        {
            builder.Append("- New since the last session: ");
            builder.Append(string.Join("; ", result.Files.Select(f => $"{f.File} +{f.Added}{(f.Removed > 0 ? $"/-{f.Removed}" : string.Empty)}{(f.From.Count > 0 ? " from " + string.Join(", ", f.From) : string.Empty)}")));
            builder.Append('\n');
        }

        if (result.Published)
        {
            builder.Append("- Published this clone's pending offline save.\n");
        }

        foreach (var warning in result.Warnings)
        {
            builder.Append("- Note: ").Append(warning).Append('\n');
        }

        foreach (var copy in result.ConflictCopies)
        {
            builder.Append("- Conflict copy to review: ").Append(copy).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>The brief when start could not run: the problem, and that the bank was left as it was.</summary>
    public static string FormatFailure(string problem) =>
        $"## Memory bank\n- Sync did not run: {problem}\n- The bank was left as it was; run `memory-bank start` to retry.\n";
}
