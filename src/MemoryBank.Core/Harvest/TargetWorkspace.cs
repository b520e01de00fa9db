namespace MemoryBank.Core.Harvest;

/// <summary>
/// The repository's documents as a harvest plan sees them: what it already planned to write, over what
/// the repository holds. Two buffers with one target see each other's additions.
/// </summary>
internal sealed class TargetWorkspace
{
    private readonly Func<string, string?> _readRepoFile;
    private readonly Func<string, IReadOnlyList<string>> _listRepoFolder;
    private readonly Dictionary<string, string> _written = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Reads through the given lookups.</summary>
    public TargetWorkspace(Func<string, string?> readRepoFile, Func<string, IReadOnlyList<string>> listRepoFolder)
    {
        _readRepoFile = readRepoFile;
        _listRepoFolder = listRepoFolder;
    }

    /// <summary>The planned documents, in the order they were first written.</summary>
    public IReadOnlyDictionary<string, string> Written => _order.ToDictionary(p => p, p => _written[p], StringComparer.Ordinal);

    /// <summary>The planned text of <paramref name="path"/>, else the repository's, else null.</summary>
    public string? Read(string path) => _written.TryGetValue(path, out var text) ? text : _readRepoFile(path);

    /// <summary>Plans <paramref name="text"/> as the new content of <paramref name="path"/>.</summary>
    public void Write(string path, string text)
    {
        if (!_written.ContainsKey(path))
        {
            _order.Add(path);
        }

        _written[path] = text;
    }

    /// <summary>The file names in <paramref name="folder"/>, planned ones included.</summary>
    public IReadOnlyList<string> List(string folder)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listed in _listRepoFolder(folder) ?? [])
        {
            var name = listed[(listed.LastIndexOfAny(['/', '\\']) + 1)..];
            if (name.Length > 0 && seen.Add(name))
            {
                names.Add(name);
            }
        }

        foreach (var path in _order)
        {
            if (Join(folder, path[(path.LastIndexOf('/') + 1)..]) == path && seen.Add(path[(path.LastIndexOf('/') + 1)..]))
            {
                names.Add(path[(path.LastIndexOf('/') + 1)..]);
            }
        }

        return names;
    }

    /// <summary><paramref name="folder"/>/<paramref name="name"/> with forward slashes.</summary>
    public static string Join(string folder, string name) => folder.Length == 0 ? name : folder.TrimEnd('/') + "/" + name;
}
