using System.Text.Json;

namespace MemoryBank.Bench.Suites;

/// <summary>
/// Reads a <c>GIT_TRACE2_EVENT</c> file: one record per git process with its command name and the
/// wall time git itself measured. Processes that git started (fetch's upload-pack, push's pack-objects)
/// have a parent in their session id and are counted apart.
/// </summary>
internal static class GitTrace
{
    public static IReadOnlyList<GitProcess> Read(string path)
    {
        var processes = new Dictionary<string, GitProcess>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return Array.Empty<GitProcess>();
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!root.TryGetProperty("sid", out var sidElement) || !root.TryGetProperty("event", out var eventElement))
            {
                continue;
            }

            var sid = sidElement.GetString()!;
            processes.TryGetValue(sid, out var process);
            process ??= new GitProcess(sid, "?", 0, !sid.Contains('/'), root.TryGetProperty("time", out var time) ? time.GetDateTime().ToUniversalTime() : DateTime.MinValue);
            switch (eventElement.GetString())
            {
                case "start" when root.TryGetProperty("argv", out var argv):
                    process = process with { Name = NameFromArgv(argv) };
                    break;
                case "cmd_name" when root.TryGetProperty("name", out var name):
                    process = process with { Name = name.GetString() ?? process.Name };
                    break;
                case "exit" or "atexit" when root.TryGetProperty("t_abs", out var seconds):
                    process = process with { Milliseconds = seconds.GetDouble() * 1000 };
                    break;
            }

            processes[sid] = process;
        }

        return processes.Values.OrderBy(p => p.StartUtc).ToArray();
    }

    // git [--no-optional-locks] [-c key=value]... <command>: the first argument that is not a global option.
    private static string NameFromArgv(JsonElement argv)
    {
        var items = argv.EnumerateArray().Select(a => a.GetString() ?? string.Empty).ToArray();
        for (var i = 1; i < items.Length; i++)
        {
            if (items[i] is "-c" or "-C")
            {
                i++;
                continue;
            }

            if (!items[i].StartsWith('-'))
            {
                return items[i];
            }
        }

        return Path.GetFileName(items.FirstOrDefault() ?? "?");
    }
}
