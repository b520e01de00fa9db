using MemoryBank.Core.Config;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Completion;

/// <summary>
/// The values tab completion offers for MemoryBank arguments: the cmdlets' argument completers use it, and
/// so can any shell completion of the CLI. Each method keeps the values that start with the partial word
/// typed so far (case-insensitive, surrounding quotes ignored) and reads only the file system, never git.
/// </summary>
/// <remarks>
/// Completion runs on every Tab press, so a folder outside a repository, an invalid <c>.memorybank.json</c> or
/// an unreadable file yields no values rather than an error: the command itself reports those when it runs.
/// </remarks>
public static class ArgumentCandidates
{
    /// <summary>The merge strategy names, in declaration order: union, theirs, graph, ours.</summary>
    public static IReadOnlyList<string> Strategies(string? wordToComplete) =>
        Filter(Enum.GetValues<MergeStrategyKind>().Select(kind => kind.ToString().ToLowerInvariant()), wordToComplete);

    /// <summary>The import strategies, in declaration order: Merge, Skip, Overwrite.</summary>
    public static IReadOnlyList<string> ImportStrategies(string? wordToComplete) =>
        Filter(Enum.GetValues<Backup.ImportStrategy>().Select(kind => kind.ToString()), wordToComplete);

    /// <summary>
    /// The bank files of the repository that contains <paramref name="folder"/>: every policy's file and
    /// every <c>*.md</c> file in the bank folder (see <see cref="BankFileNames"/>). None when
    /// <paramref name="folder"/> is null.
    /// </summary>
    public static IReadOnlyList<string> BankFiles(string? folder, string? wordToComplete)
    {
        var location = TryFindBank(folder);
        return location is null ? [] : Filter(BankFileNames.List(location.Config, location.BankDirectory), wordToComplete);
    }

    /// <summary>
    /// <paramref name="environmentPersona"/> (the value of MEMORYBANK_PERSONA) first, then the personas of the
    /// sessions in SESSION_LOG.md of the repository that contains <paramref name="folder"/> (if any), most
    /// recent first.
    /// </summary>
    public static IReadOnlyList<string> Personas(string? folder, string? wordToComplete, string? environmentPersona)
    {
        var personas = new List<string>();
        if (!string.IsNullOrWhiteSpace(environmentPersona))
        {
            personas.Add(environmentPersona.Trim());
        }

        if (TryFindBank(folder) is { } location)
        {
            try
            {
                var sessionLog = Path.Combine(location.BankDirectory, PersonaHistory.SessionLogFileName);
                if (File.Exists(sessionLog))
                {
                    personas.AddRange(PersonaHistory.FromSessionLog(BankText.ReadFile(sessionLog)));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or MemoryBankException)
            {
                // An unreadable or binary log offers only the environment's persona.
            }
        }

        return Filter(personas.Distinct(StringComparer.Ordinal), wordToComplete);
    }

    /// <summary>
    /// <paramref name="wordToComplete"/> without the quote it was started with (and a matching closing quote),
    /// so that <c>'less</c> completes like <c>less</c>.
    /// </summary>
    public static string Unquote(string? wordToComplete)
    {
        var word = wordToComplete ?? string.Empty;
        if (word.Length > 0 && (IsSingleQuote(word[0]) || IsDoubleQuote(word[0])))
        {
            var single = IsSingleQuote(word[0]);
            word = word[1..];
            if (word.Length > 0 && (single ? IsSingleQuote(word[^1]) : IsDoubleQuote(word[^1])))
            {
                word = word[..^1];
            }
        }

        return word;
    }

    private static IReadOnlyList<string> Filter(IEnumerable<string> values, string? wordToComplete)
    {
        var prefix = Unquote(wordToComplete);
        return values.Where(value => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToArray();
    }

    private static BankLocation? TryFindBank(string? folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            return null;
        }

        try
        {
            return BankLocation.Find(folder);
        }
        catch (Exception ex) when (ex is MemoryBankException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Text.Json.JsonException)
        {
            // Outside a usable repository: nothing to offer.
            return null;
        }
    }

    // PowerShell's typographic quotes count too: it accepts them wherever it accepts ' and ".
    private static bool IsSingleQuote(char c) => c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B';

    private static bool IsDoubleQuote(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E';
}
