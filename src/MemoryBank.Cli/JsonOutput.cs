using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MemoryBank.Core.Backup;
using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Setup;
using MemoryBank.Core.Sync;

namespace MemoryBank.Cli;

/// <summary>
/// Writes <c>--json</c> documents. Field names are the result classes' property names, exactly as
/// PowerShell shows them. The serialisers are generated at compile time (<see cref="JsonOutputContext"/>),
/// so the native-AOT CLI needs no reflection: a new document type must be listed there.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonOutputContext s_context = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Serialises <paramref name="value"/> as one JSON document followed by a newline.</summary>
    public static void Write<T>(TextWriter output, T value)
    {
        output.WriteLine(Serialize(value));
    }

    /// <summary>The JSON document for <paramref name="value"/>, without the final newline.</summary>
    internal static string Serialize<T>(T value)
    {
        var info = s_context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new InvalidOperationException($"JsonOutput has no serialiser for {typeof(T)}: add [JsonSerializable(typeof({typeof(T).Name}))] to JsonOutputContext.");
        return JsonSerializer.Serialize(value, info);
    }
}

/// <summary>The <c>--json</c> document of a failed command.</summary>
/// <param name="Error">The error id, as PowerShell's FullyQualifiedErrorId shows it.</param>
/// <param name="Message">What failed and what to do next.</param>
/// <param name="Target">The file, path or ref the error is about, when there is one.</param>
/// <param name="ExitCode">The process exit code.</param>
public sealed record ErrorDocument(string Error, string Message, string? Target, int ExitCode);

/// <summary>The <c>--json</c> document of <c>memory-bank import</c>.</summary>
/// <param name="Actions">What happens, or happened, to each archived file.</param>
/// <param name="BackupPath">Where the bank was copied before the import; null for a dry run.</param>
/// <param name="DryRun">True when nothing was written.</param>
public sealed record ImportDocument(IReadOnlyList<ImportFileAction> Actions, string? BackupPath, bool DryRun);

/// <summary>Every type a <c>--json</c> document is made of, serialised by generated code.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(SessionResult))]
[JsonSerializable(typeof(IReadOnlyList<FileStatus>))]
[JsonSerializable(typeof(EntryAddResult))]
[JsonSerializable(typeof(HarvestResult))]
[JsonSerializable(typeof(IReadOnlyList<CheckResult>))]
[JsonSerializable(typeof(SetupResult[]))]
[JsonSerializable(typeof(ExportResult))]
[JsonSerializable(typeof(ImportDocument))]
[JsonSerializable(typeof(ErrorDocument))]
internal sealed partial class JsonOutputContext : JsonSerializerContext;
