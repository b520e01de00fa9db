using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemoryBank.Cli;

/// <summary>
/// Writes <c>--json</c> documents. Field names are the result classes' property names, exactly as
/// PowerShell shows them.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serialises <paramref name="value"/> as one JSON document followed by a newline.</summary>
    public static void Write(TextWriter output, object value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, value.GetType(), s_options));
    }
}
