namespace MemoryBank.Cli.Tests.Infrastructure;

/// <summary>Where this checkout and its build output are.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder that holds MemoryBank.sln, found upwards from the test assembly.</summary>
    public static string Root => s_root.Value;

    /// <summary>The module folder <c>dotnet build</c> assembles: <c>out/MemoryBank/</c>.</summary>
    public static string ModuleFolder => Path.Combine(Root, "out", "MemoryBank");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MemoryBank.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No MemoryBank.sln above {AppContext.BaseDirectory}.");
    }
}
