using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using MemoryBank.Core.Completion;

namespace MemoryBank.PowerShell.Completers;

/// <summary>
/// The base of MemoryBank's argument completers. It finds the folder to complete in (the <c>-Path</c>
/// already typed on the command line, else the current location), asks Core's
/// <see cref="ArgumentCandidates"/> for the values, and turns them into completion results, quoted where
/// PowerShell needs quotes.
/// </summary>
public abstract class MemoryBankCompleter : IArgumentCompleter
{
    /// <summary>Completes the argument that <paramref name="wordToComplete"/> starts.</summary>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var values = GetValues(wordToComplete ?? string.Empty, fakeBoundParameters);
        var quote = StartsWithQuote(wordToComplete);
        var results = new List<CompletionResult>(values.Count);
        foreach (var value in values)
        {
            var text = quote || !IsBareWord(value) ? "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'" : value;
            results.Add(new CompletionResult(text, value, CompletionResultType.ParameterValue, value));
        }

        return results;
    }

    /// <summary>The values that start with <paramref name="wordToComplete"/>.</summary>
    /// <param name="wordToComplete">The partial argument typed so far, possibly starting with a quote.</param>
    /// <param name="fakeBoundParameters">The other parameters already on the command line, as PowerShell bound them.</param>
    protected abstract IReadOnlyList<string> GetValues(string wordToComplete, IDictionary fakeBoundParameters);

    /// <summary>
    /// The folder whose repository the values come from: the command line's <c>-Path</c> resolved against the
    /// current PowerShell location, else that location. Null when neither resolves to an existing folder on
    /// the file system.
    /// </summary>
    protected static string? ResolveFolder(IDictionary? fakeBoundParameters)
    {
        var bound = fakeBoundParameters?["Path"];
        var typedPath = (bound is PSObject wrapped ? wrapped.BaseObject : bound) as string;
        try
        {
            if (Runspace.DefaultRunspace is null)
            {
                // Called outside a PowerShell session: only the process's current directory is known.
                return Path.GetFullPath(string.IsNullOrEmpty(typedPath) ? "." : typedPath);
            }

            // Completion runs inside a pipeline, where the runspace's SessionStateProxy refuses calls; a nested
            // command on the current runspace is allowed, and sees the location the user sees.
            using var powerShell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            if (string.IsNullOrEmpty(typedPath))
            {
                powerShell.AddCommand(@"Microsoft.PowerShell.Management\Get-Location").AddParameter("PSProvider", "FileSystem");
            }
            else
            {
                powerShell.AddCommand(@"Microsoft.PowerShell.Management\Resolve-Path").AddParameter("LiteralPath", typedPath);
            }

            powerShell.AddParameter("ErrorAction", ActionPreference.Ignore);
            var locations = powerShell.Invoke<PathInfo>();
            return locations.Count == 1 && locations[0].Provider.Name == "FileSystem" ? locations[0].ProviderPath : null;
        }
        catch (Exception ex) when (ex is RuntimeException or InvalidOperationException or ArgumentException or NotSupportedException or IOException)
        {
            // A malformed path, a missing drive or an unusable runspace: nothing to complete from.
            return null;
        }
    }

    private static bool StartsWithQuote(string? word) =>
        !string.IsNullOrEmpty(word) && ArgumentCandidates.Unquote(word).Length != word.Length;

    // A value PowerShell reads as one bare-word argument needs no quotes.
    private static bool IsBareWord(string value) =>
        value.Length > 0 && value[0] != '-' && value.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or '\\' or ':' or '+');
}
