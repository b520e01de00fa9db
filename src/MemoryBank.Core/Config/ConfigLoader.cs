using System.Text;
using System.Text.Json;
using MemoryBank.Core.Secrets;

namespace MemoryBank.Core.Config;

/// <summary>
/// Reads <c>.memorybank.json</c> strictly: unknown keys, wrong types and invalid values are errors that
/// name the file, the line and the key.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Loads the configuration of the repository at <paramref name="repositoryRoot"/>; defaults when there is no file.</summary>
    public static MemoryBankConfig Load(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, MemoryBankConfig.FileName);
        if (!File.Exists(path))
        {
            return MemoryBankConfig.CreateDefault();
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses configuration bytes; <paramref name="path"/> is used in error messages.</summary>
    public static MemoryBankConfig Parse(byte[] utf8Json, string path)
    {
        // Windows editors often save UTF-8 with a BOM, which the JSON reader rejects; it is not content.
        if (utf8Json.AsSpan().StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        var lines = IndexKeyLines(utf8Json, path);
        using var document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var reader = new ConfigReader(path, lines);
        return reader.Read(document.RootElement);
    }

    // Walks the raw tokens once to record the line of every property, keyed by its dotted path, so that
    // semantic errors found later can still name a line.
    private static Dictionary<string, int> IndexKeyLines(byte[] utf8Json, string path)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new List<string>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                // The root value's line, for errors about the file as a whole.
                if (result.Count == 0)
                {
                    result[string.Empty] = LineOf(utf8Json, (int)reader.TokenStartIndex);
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingName = reader.GetString()!;
                        var key = stack.Count == 0 ? pendingName : string.Join('.', stack) + "." + pendingName;
                        result[key] = LineOf(utf8Json, (int)reader.TokenStartIndex);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        stack.Add(pendingName ?? string.Empty);
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    default:
                        pendingName = null;
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ConfigException(path, (int)(ex.LineNumber ?? 0) + 1, string.Empty, $"is not valid JSON: {FirstSentence(ex.Message)}", ex);
        }

        // Drop the empty root segment that StartObject pushed.
        var trimmed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, line) in result)
        {
            trimmed[key.StartsWith('.') ? key[1..] : key] = line;
        }

        return trimmed;
    }

    private static int LineOf(byte[] bytes, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
            }
        }

        return line;
    }

    // The reader's own position is 0-based and would contradict the 1-based line in front of the message.
    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message;
    }

    private sealed class ConfigReader
    {
        private static readonly string[] s_rootKeys = ["$schema", "bankPath", "remote", "syncBranch", "networkTimeoutSeconds", "massDeletion", "files", "secrets"];
        private static readonly string[] s_fileKeys = ["strategy", "tier", "chronological", "harvest"];
        private static readonly string[] s_harvestKeys = ["threshold", "unit", "target", "kind"];
        private static readonly string[] s_massKeys = ["maxShare", "minEntries"];
        private static readonly string[] s_secretKeys = ["allow"];

        private readonly string _path;
        private readonly Dictionary<string, int> _lines;

        public ConfigReader(string path, Dictionary<string, int> lines)
        {
            _path = path;
            _lines = lines;
        }

        public MemoryBankConfig Read(JsonElement root)
        {
            var defaults = MemoryBankConfig.CreateDefault();
            RequireObject(root, string.Empty);
            CheckKeys(root, string.Empty, s_rootKeys);

            var bankPath = ReadRelativePath(root, "bankPath") ?? defaults.BankPath;
            var remote = ReadName(root, "remote") ?? defaults.Remote;
            var syncBranch = ReadName(root, "syncBranch") ?? defaults.SyncBranch;
            var timeout = defaults.NetworkTimeout;
            if (root.TryGetProperty("networkTimeoutSeconds", out var timeoutElement))
            {
                var seconds = ReadNumber(timeoutElement, "networkTimeoutSeconds");
                if (seconds is < 1 or > 3600)
                {
                    throw Error("networkTimeoutSeconds", $"must be between 1 and 3600 seconds, not {seconds}.");
                }

                timeout = TimeSpan.FromSeconds(seconds);
            }

            var share = defaults.MassDeletionShare;
            var minEntries = defaults.MassDeletionMinEntries;
            if (root.TryGetProperty("massDeletion", out var mass))
            {
                RequireObject(mass, "massDeletion");
                CheckKeys(mass, "massDeletion", s_massKeys);
                if (mass.TryGetProperty("maxShare", out var shareElement))
                {
                    share = ReadNumber(shareElement, "massDeletion.maxShare");
                    if (share is <= 0 or > 1)
                    {
                        throw Error("massDeletion.maxShare", $"must be greater than 0 and at most 1, not {share}.");
                    }
                }

                if (mass.TryGetProperty("minEntries", out var minElement))
                {
                    minEntries = ReadInt(minElement, "massDeletion.minEntries", 0, 1_000_000);
                }
            }

            var allowed = new List<string>();
            if (root.TryGetProperty("secrets", out var secrets))
            {
                RequireObject(secrets, "secrets");
                CheckKeys(secrets, "secrets", s_secretKeys);
                if (secrets.TryGetProperty("allow", out var allow))
                {
                    if (allow.ValueKind != JsonValueKind.Array)
                    {
                        throw Error("secrets.allow", "must be an array of rule names.");
                    }

                    foreach (var item in allow.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String)
                        {
                            throw Error("secrets.allow", "must hold only strings (rule names).");
                        }

                        allowed.Add(item.GetString()!);
                    }

                    // The scanner ignores names it does not know, so a misspelt rule would leave the guard on
                    // while the team believes it is off: refuse it here, where the line can be named.
                    if (allowed.FirstOrDefault(name => !SecretRule.IsKnown(name)) is { } unknown)
                    {
                        throw Error("secrets.allow", $"holds \"{unknown}\", which is not a secret-guard rule; expected one of: {string.Join(", ", SecretRule.All)}.");
                    }
                }
            }

            var files = new List<FilePolicy>(defaults.Files);
            if (root.TryGetProperty("files", out var filesElement))
            {
                RequireObject(filesElement, "files");
                foreach (var property in filesElement.EnumerateObject())
                {
                    var key = "files." + property.Name;
                    ValidateFileName(property.Name, key);
                    var existingIndex = files.FindIndex(f => f.Name == property.Name);
                    var existing = existingIndex >= 0 ? files[existingIndex] : null;
                    var policy = ReadFilePolicy(property.Name, property.Value, key, existing);
                    if (existingIndex >= 0)
                    {
                        files[existingIndex] = policy;
                    }
                    else
                    {
                        files.Add(policy);
                    }
                }
            }

            return new MemoryBankConfig(bankPath, remote, syncBranch, files, timeout, share, minEntries, allowed, _path);
        }

        private FilePolicy ReadFilePolicy(string name, JsonElement element, string key, FilePolicy? existing)
        {
            RequireObject(element, key);
            CheckKeys(element, key, s_fileKeys);
            var strategy = existing?.Strategy ?? DefaultStrategyFor(name);
            if (element.TryGetProperty("strategy", out var s))
            {
                strategy = ReadEnum<MergeStrategyKind>(s, key + ".strategy");
            }

            var tier = existing?.Tier ?? SyncTier.Daily;
            if (element.TryGetProperty("tier", out var t))
            {
                tier = ReadEnum<SyncTier>(t, key + ".tier");
            }

            var chronological = existing?.Chronological ?? false;
            if (element.TryGetProperty("chronological", out var c))
            {
                if (c.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Error(key + ".chronological", "must be true or false.");
                }

                chronological = c.GetBoolean();
            }

            var harvest = existing?.Harvest;
            if (element.TryGetProperty("harvest", out var h))
            {
                harvest = h.ValueKind == JsonValueKind.Null ? null : ReadHarvest(h, key + ".harvest", harvest);
            }

            if (harvest is not null && strategy != MergeStrategyKind.Union)
            {
                // A harvest inherited from the defaults is not in the file: blame the strategy that was written.
                if (!element.TryGetProperty("harvest", out _))
                {
                    throw Error(key + ".strategy", $"is {strategy.ToString().ToLowerInvariant()}, but this file has a default harvest, which applies only to union files. Add \"harvest\": null to stop harvesting it, or keep the union strategy.");
                }

                throw Error(key + ".harvest", $"applies only to union files, but this file's strategy is {strategy.ToString().ToLowerInvariant()}.");
            }

            return new FilePolicy(name, strategy, tier, harvest, chronological);
        }

        private HarvestPolicy ReadHarvest(JsonElement element, string key, HarvestPolicy? existing)
        {
            RequireObject(element, key);
            CheckKeys(element, key, s_harvestKeys);
            var threshold = existing?.Threshold ?? 20;
            if (element.TryGetProperty("threshold", out var th))
            {
                threshold = ReadInt(th, key + ".threshold", 1, 1_000_000);
            }

            var unit = existing?.Unit ?? HarvestUnit.Lines;
            if (element.TryGetProperty("unit", out var u))
            {
                unit = ReadEnum<HarvestUnit>(u, key + ".unit");
            }

            var kind = existing?.Kind;
            if (element.TryGetProperty("kind", out var k))
            {
                kind = ReadEnum<HarvestKind>(k, key + ".kind");
            }

            var target = existing?.Target;
            if (element.TryGetProperty("target", out var tg))
            {
                target = ReadRelativePathValue(tg, key + ".target");
            }

            if (kind is null)
            {
                throw Error(key, "needs \"kind\": one of patterns, lessons, decisions.");
            }

            if (target is null)
            {
                throw Error(key, "needs \"target\": a repository-relative file or folder.");
            }

            return new HarvestPolicy(threshold, unit, target, kind.Value);
        }

        private static MergeStrategyKind DefaultStrategyFor(string name)
        {
            var extension = Path.GetExtension(name);
            return extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase) || extension.Equals(".json", StringComparison.OrdinalIgnoreCase)
                ? MergeStrategyKind.Graph
                : MergeStrategyKind.Union;
        }

        private void ValidateFileName(string name, string key)
        {
            if (name.Length == 0 || name.Contains('\\') || name.StartsWith('/') || name.Split('/').Any(part => part is "" or "." or ".."))
            {
                throw Error(key, "must be a file name relative to the bank folder, without '..', '\\' or a leading '/'.");
            }
        }

        private string? ReadRelativePath(JsonElement root, string key) =>
            root.TryGetProperty(key, out var element) ? ReadRelativePathValue(element, key) : null;

        private string ReadRelativePathValue(JsonElement element, string key)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw Error(key, "must be a string.");
            }

            var value = element.GetString()!.Replace('\\', '/');
            var parts = value.Split('/');

            // The file is shared by every clone, so a Windows drive path is absolute on Linux too; '.' and empty
            // segments are dropped because .gitattributes patterns such as ./bank/*.md never match.
            var driveQualified = value.Length >= 2 && value[1] == ':' && char.IsAsciiLetter(value[0]);
            var normalized = string.Join('/', parts.Where(part => part is not ("" or ".")));
            if (normalized.Length == 0 || Path.IsPathRooted(value) || value.StartsWith('/') || driveQualified || parts.Any(part => part == ".."))
            {
                throw Error(key, $"must be a path inside the repository, relative to its root, without '..' (got \"{element.GetString()}\").");
            }

            return normalized;
        }

        private string? ReadName(JsonElement root, string key)
        {
            if (!root.TryGetProperty(key, out var element))
            {
                return null;
            }

            if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
            {
                throw Error(key, "must be a non-empty string.");
            }

            var value = element.GetString()!;
            if (value.StartsWith('-') || value.Any(ch => char.IsWhiteSpace(ch) || ch is '~' or '^' or ':' or '?' or '*' or '[' or '\\') || value.Contains(".."))
            {
                throw Error(key, $"\"{value}\" is not a valid git name.");
            }

            return value;
        }

        private double ReadNumber(JsonElement element, string key)
        {
            if (element.ValueKind != JsonValueKind.Number)
            {
                throw Error(key, "must be a number.");
            }

            return element.GetDouble();
        }

        private int ReadInt(JsonElement element, string key, int min, int max)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
            {
                throw Error(key, "must be a whole number.");
            }

            if (value < min || value > max)
            {
                throw Error(key, $"must be between {min} and {max}, not {value}.");
            }

            return value;
        }

        private T ReadEnum<T>(JsonElement element, string key)
            where T : struct, Enum
        {
            var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));

            // Match whole names only: Enum.TryParse also takes numbers and comma-joined flag lists ("daily,weekly").
            var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            var name = text is null ? null : Enum.GetNames<T>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                throw Error(key, $"must be one of {allowed} (got {element.GetRawText()}).");
            }

            return Enum.Parse<T>(name);
        }

        private void RequireObject(JsonElement element, string key)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Error(key, key.Length == 0 ? "The file must hold one JSON object." : "must be a JSON object.");
            }
        }

        private void CheckKeys(JsonElement element, string key, string[] allowed)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (Array.IndexOf(allowed, property.Name) < 0)
                {
                    var full = key.Length == 0 ? property.Name : key + "." + property.Name;
                    throw Error(full, $"is not a known setting; expected one of: {string.Join(", ", allowed)}.");
                }
            }
        }

        private ConfigException Error(string key, string problem)
        {
            var line = _lines.TryGetValue(key, out var l) ? l : 1;
            return new ConfigException(_path, line, key, problem);
        }
    }
}
