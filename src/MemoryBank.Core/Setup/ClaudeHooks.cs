using System.Text.Json;
using System.Text.Json.Nodes;
using MemoryBank.Core.IO;

namespace MemoryBank.Core.Setup;

/// <summary>
/// Writes MemoryBank's Claude Code hooks into <c>.claude/settings.json</c>, merged into the existing
/// settings without clobbering anything else, and idempotent:
/// SessionStart runs <c>start --hook</c> (its stdout becomes the model's context), Stop runs
/// <c>save --hook</c> asynchronously, SessionEnd runs <c>save --local --hook</c> (no network).
/// </summary>
public static class ClaudeHooks
{
    /// <summary>The settings file, relative to the repository root.</summary>
    public const string SettingsPath = ".claude/settings.json";

    /// <summary>The hook commands for a CLI at <paramref name="cliCommand"/> (already quoted for the shell).</summary>
    public static IReadOnlyList<HookSpec> Specs(string cliCommand) =>
    [
        new("SessionStart", "startup|resume|clear|compact", cliCommand, "start --hook", TimeoutSeconds: 30, Async: false),
        new("Stop", null, cliCommand, "save --hook", TimeoutSeconds: 60, Async: true),
        new("SessionEnd", null, cliCommand, "save --local --hook", TimeoutSeconds: 5, Async: false),
    ];

    /// <summary>
    /// The shell command that runs the CLI: <c>"$CLAUDE_PROJECT_DIR"/relative/path</c> when the CLI lives
    /// inside the repository, else its absolute path, single-quoted.
    /// </summary>
    public static string CliCommand(string repositoryRoot, string cliPath)
    {
        var root = Path.GetFullPath(repositoryRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(cliPath);
        if (full.StartsWith(root, StringComparison.Ordinal))
        {
            var relative = full[root.Length..].Replace('\\', '/');
            return "\"$CLAUDE_PROJECT_DIR\"/" + DriverRegistration.ShellQuote(relative);
        }

        return DriverRegistration.ShellQuote(full);
    }

    /// <summary>
    /// Returns the settings text with MemoryBank's hooks merged in, or null when they are already there.
    /// Existing MemoryBank hooks (recognised by <c>memory-bank</c> and the verb in the command) are
    /// updated in place; every other setting and hook stays as it was.
    /// </summary>
    /// <exception cref="MemoryBankException">The existing settings are not a JSON object.</exception>
    public static string? Merge(string? existingText, IReadOnlyList<HookSpec> specs, string settingsPath)
    {
        JsonObject root;
        try
        {
            root = string.IsNullOrWhiteSpace(existingText)
                ? new JsonObject()
                : JsonNode.Parse(existingText, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                    ?? throw new JsonException("The settings are not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new MemoryBankException("ClaudeSettingsInvalid", $"'{settingsPath}' is not a valid JSON object ({ex.Message}). Fix or move the file, then run init --claude-hooks again; nothing was written.", settingsPath, ex);
        }

        var before = root.ToJsonString();
        var hooks = root["hooks"] as JsonObject;
        if (hooks is null)
        {
            hooks = new JsonObject();
            root["hooks"] = hooks;
        }

        foreach (var spec in specs)
        {
            if (hooks[spec.Event] is not JsonArray groups)
            {
                groups = new JsonArray();
                hooks[spec.Event] = groups;
            }

            if (!UpdateExisting(groups, spec))
            {
                var group = new JsonObject();
                if (spec.Matcher is not null)
                {
                    group["matcher"] = spec.Matcher;
                }

                group["hooks"] = new JsonArray(Hook(spec));
                groups.Add((JsonNode)group);
            }
        }

        var after = root.ToJsonString();
        return after == before && !string.IsNullOrWhiteSpace(existingText)
            ? null
            : root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>Merges the hooks into the repository's settings file; returns true when it changed.</summary>
    public static bool Install(string repositoryRoot, string cliPath)
    {
        var path = Path.Combine(repositoryRoot, SettingsPath);
        var existing = File.Exists(path) ? File.ReadAllText(path) : null;
        var merged = Merge(existing, Specs(CliCommand(repositoryRoot, cliPath)), path);
        if (merged is null)
        {
            return false;
        }

        AtomicFile.WriteAllText(path, merged);
        return true;
    }

    /// <summary>True when <paramref name="command"/> is the MemoryBank hook for <paramref name="spec"/>'s verb.</summary>
    internal static bool IsOurs(string command, HookSpec spec) =>
        command.Contains("memory-bank", StringComparison.Ordinal) && command.EndsWith(" " + spec.Arguments, StringComparison.Ordinal);

    private static bool UpdateExisting(JsonArray groups, HookSpec spec)
    {
        foreach (var group in groups.OfType<JsonObject>())
        {
            if (group["hooks"] is not JsonArray list)
            {
                continue;
            }

            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject hook && hook["command"]?.GetValue<string>() is { } command && IsOurs(command, spec))
                {
                    var wanted = Hook(spec);
                    if (!JsonNode.DeepEquals(hook, wanted))
                    {
                        list[i] = wanted;
                    }

                    return true;
                }
            }
        }

        return false;
    }

    private static JsonObject Hook(HookSpec spec)
    {
        var hook = new JsonObject { ["type"] = "command", ["command"] = spec.Command, ["timeout"] = spec.TimeoutSeconds };
        if (spec.Async)
        {
            hook["async"] = true;
        }

        return hook;
    }
}

/// <summary>One Claude Code hook MemoryBank installs.</summary>
/// <param name="Event">The hook event: SessionStart, Stop or SessionEnd.</param>
/// <param name="Matcher">The matcher, or null for events without one.</param>
/// <param name="Cli">The CLI, quoted for the shell.</param>
/// <param name="Arguments">The verb and options, for example <c>start --hook</c>.</param>
/// <param name="TimeoutSeconds">Claude Code's timeout for the command.</param>
/// <param name="Async">Run in the background without blocking the session.</param>
public sealed record HookSpec(string Event, string? Matcher, string Cli, string Arguments, int TimeoutSeconds, bool Async)
{
    /// <summary>The shell command Claude Code runs.</summary>
    public string Command => Cli + " " + Arguments;
}
