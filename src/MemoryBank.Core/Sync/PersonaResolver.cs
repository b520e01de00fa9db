using MemoryBank.Core.Git;

namespace MemoryBank.Core.Sync;

/// <summary>
/// Resolves the persona: the explicit value, then env <c>MEMORYBANK_PERSONA</c>, then git config
/// <c>memorybank.persona</c>, then <c>user.name</c>, then the host name.
/// </summary>
public static class PersonaResolver
{
    /// <summary>The environment variable consulted second.</summary>
    public const string EnvironmentVariable = "MEMORYBANK_PERSONA";

    /// <summary>Resolves the persona for a run in the repository <paramref name="git"/> works in.</summary>
    public static string Resolve(string? explicitPersona, GitClient git) =>
        Resolve(explicitPersona, key =>
        {
            var result = git.Run(["config", "--get", key], new GitRunOptions { AcceptedExitCodes = [1] });
            return result.ExitCode == 0 ? result.Text : null;
        });

    /// <summary>Resolves the persona, reading git config through <paramref name="gitConfig"/>.</summary>
    public static string Resolve(string? explicitPersona, Func<string, string?> gitConfig)
    {
        if (!string.IsNullOrWhiteSpace(explicitPersona))
        {
            return Clean(explicitPersona);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Clean(fromEnvironment);
        }

        foreach (var key in new[] { "memorybank.persona", "user.name" })
        {
            var value = gitConfig(key);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return Clean(value);
            }
        }

        return Clean(Environment.MachineName);
    }

    // Personas are free text but travel in one-line stamps, headings and commit subjects.
    private static string Clean(string persona) =>
        string.Join(' ', persona.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace("[", "(", StringComparison.Ordinal).Replace("]", ")", StringComparison.Ordinal);
}
