using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MemoryBank.Core.Backup;

/// <summary>Writes and reads <c>manifest.json</c>. Reading checks the format version before anything else.</summary>
internal static class ArchiveManifestJson
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    // The manifest is never embedded in HTML, so non-ASCII paths and personas stay readable instead of \u-escaped.
    private static readonly JavaScriptEncoder s_encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static byte[] Write(ArchiveManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = s_encoder }))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", manifest.FormatVersion);
            json.WriteString("persona", manifest.Persona);
            json.WriteString("host", manifest.Host);
            json.WriteString("createdUtc", manifest.CreatedUtc.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
            json.WriteStartArray("files");
            foreach (var file in manifest.Files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteNumber("size", file.Size);
                json.WriteString("sha256", file.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses a manifest; unknown properties are ignored, so a version-1 reader accepts additive metadata.</summary>
    /// <exception cref="ArchiveException">Not valid JSON, a field missing or of the wrong type, or an unsupported version.</exception>
    public static ArchiveManifest Parse(byte[] utf8Json, ArchiveErrors errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException ex)
        {
            throw errors.Corrupt("its manifest.json is not valid JSON", ex);
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, errors);
            }
            catch (InvalidOperationException ex)
            {
                // The parser leaves strings undecoded; a string with invalid UTF-8 fails only when it is read.
                throw errors.Corrupt("its manifest.json holds a string that is not valid UTF-8", ex);
            }
        }
    }

    private static ArchiveManifest Read(JsonElement root, ArchiveErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw errors.Corrupt("its manifest.json is not a JSON object");
        }

        if (!root.TryGetProperty("formatVersion", out var versionElement) || versionElement.ValueKind != JsonValueKind.Number || !versionElement.TryGetInt32(out var version))
        {
            throw errors.Corrupt("its manifest.json has no integer \"formatVersion\"");
        }

        if (version != ArchiveManifest.CurrentFormatVersion)
        {
            throw errors.VersionUnsupported("archive format version", version, ArchiveManifest.CurrentFormatVersion);
        }

        var persona = RequireString(root, "persona", errors);
        var host = RequireString(root, "host", errors);
        var createdText = RequireString(root, "createdUtc", errors);
        if (!DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created))
        {
            throw errors.Corrupt($"its manifest.json's \"createdUtc\" ('{createdText}') is not a date and time");
        }

        if (!root.TryGetProperty("files", out var filesElement) || filesElement.ValueKind != JsonValueKind.Array)
        {
            throw errors.Corrupt("its manifest.json has no \"files\" array");
        }

        var files = new List<ArchiveManifestFile>();
        foreach (var item in filesElement.EnumerateArray())
        {
            files.Add(ReadFile(item, files.Count, errors));
        }

        return new ArchiveManifest(version, persona, host, created, files);
    }

    private static ArchiveManifestFile ReadFile(JsonElement item, int index, ArchiveErrors errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw errors.Corrupt($"item {index} of its manifest's \"files\" is not an object");
        }

        var path = RequireString(item, "path", errors, $"files[{index}].");
        if (!item.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number || !sizeElement.TryGetInt64(out var size) || size < 0)
        {
            throw errors.Corrupt($"the manifest's entry for '{path}' has no valid \"size\"");
        }

        var sha256 = RequireString(item, "sha256", errors, $"files[{index}].");
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw errors.Corrupt($"the manifest's entry for '{path}' has a \"sha256\" that is not 64 hex digits");
        }

        return new ArchiveManifestFile(path, size, sha256.ToLowerInvariant());
    }

    private static string RequireString(JsonElement element, string name, ArchiveErrors errors, string prefix = "")
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw errors.Corrupt($"its manifest.json has no string \"{prefix}{name}\"");
        }

        return value.GetString()!;
    }
}
