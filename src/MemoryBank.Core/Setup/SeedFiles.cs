using MemoryBank.Core.Config;

namespace MemoryBank.Core.Setup;

/// <summary>The five files a new bank starts with, each with a short header explaining its use.</summary>
public static class SeedFiles
{
    /// <summary>The seed content for <paramref name="fileName"/>, or null when it is not a seed file.</summary>
    public static string? ContentFor(string fileName) => fileName switch
    {
        "activeContext.md" =>
            "# Active context\n\n" +
            "The current state of work: what is in progress, what is next, what is blocked.\n" +
            "Latest version wins across clones; MemoryBank stamps the first line on save, and keeps\n" +
            "a losing version as a conflict copy under conflicts/.\n\n" +
            "## Now\n\n## Next\n\n## Blocked\n",
        "patterns-buffer.md" =>
            "# Patterns buffer\n\n" +
            "Quick capture of reusable patterns, one list item per entry:\n" +
            "`- yyyy-MM-dd HH:mm [persona] text`. Merged by union across clones; harvested into\n" +
            "Docs/03-Reference/Patterns.md by Invoke-MemoryHarvest.\n\n",
        "lessons-buffer.md" =>
            "# Lessons buffer\n\n" +
            "Quick capture of lessons learned, one list item per entry:\n" +
            "`- yyyy-MM-dd HH:mm [persona] text`. Merged by union across clones; harvested into\n" +
            "Docs/06-PostMortems/ by Invoke-MemoryHarvest.\n\n",
        "decisions-inbox.md" =>
            "# Decisions inbox\n\n" +
            "Decisions waiting to become ADRs, one list item per decision: the first line is the\n" +
            "title, nested lines are the context and the decision. Merged by union; harvested into\n" +
            "numbered ADRs under Docs/03-Reference/ADR/ by Invoke-MemoryHarvest.\n\n",
        "SESSION_LOG.md" =>
            "# Session log\n\n" +
            "Append-only activity log: one `## yyyy-MM-ddTHH:mm:ssZ persona` section per session,\n" +
            "written by Save-MemorySession. Merged by union in time order.\n\n",
        _ => null,
    };

    /// <summary>The names of the seed files, in the order they are created.</summary>
    public static IReadOnlyList<string> Names { get; } =
        MemoryBankConfig.DefaultPolicies().Select(p => p.Name).ToArray();
}
