using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

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
