using System.Runtime.Versioning;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// <c>permissions</c>: on Unix, the state folder <c>.git/memory-bank</c> and everything in it is private to its
/// owner (folders 700, files 600): it holds the journal, the lock, offline-save scratch files and conflict
/// copies of bank content. Repair sets those modes. Skipped on Windows, where the folder inherits the
/// repository folder's ACL.
/// </summary>
internal sealed class PermissionsCheck : HealthCheck
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public override string Name => CheckNames.Permissions;

    public override CheckResult Run(CheckContext context)
    {
        if (OperatingSystem.IsWindows())
        {
            return Pass("Skipped on Windows: the state folder inherits the ACL of the repository folder.");
        }

        var state = context.StateDirectory;
        if (!Directory.Exists(state))
        {
            return Pass("No state folder yet (.git/memory-bank is created by the first sync).");
        }

        var open = OpenEntries(state, context.CancellationToken);
        if (open.Count == 0)
        {
            return Pass(".git/memory-bank and everything in it is private to its owner.");
        }

        var listed = DetailText.List(open.Select(e => $"{Display(context, e.Path)} ({Octal(e.Mode)})").ToArray(), max: 5);
        var found = $"{DetailText.Count(open.Count, "entry", "entries")} in the state folder can be read or written by other users: {listed}";
        if (!context.Repair)
        {
            return Warn(found + ".", "Run memory-bank check --repair (it sets folders to 700 and files to 600), or chmod -R go-rwx .git/memory-bank.");
        }

        foreach (var entry in open)
        {
            File.SetUnixFileMode(entry.Path, entry.IsFolder ? FolderMode : FileMode);
        }

        return Pass($"Made {DetailText.Count(open.Count, "entry", "entries")} of .git/memory-bank private to their owner (folders 700, files 600): {listed}.", repaired: true);
    }

    /// <summary>The state folder and its entries with a group or other permission bit set; links are skipped.</summary>
    [UnsupportedOSPlatform("windows")]
    private static List<(string Path, UnixFileMode Mode, bool IsFolder)> OpenEntries(string state, CancellationToken cancellationToken)
    {
        var result = new List<(string, UnixFileMode, bool)>();
        var pending = new Stack<string>();
        pending.Push(state);
        Add(state, isFolder: true);
        var options = new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false };
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var path in Directory.EnumerateFileSystemEntries(pending.Pop(), "*", options))
            {
                var info = new FileInfo(path);
                if (info.LinkTarget is not null)
                {
                    continue;
                }

                var isFolder = (info.Attributes & FileAttributes.Directory) != 0;
                if (isFolder)
                {
                    pending.Push(path);
                }

                Add(path, isFolder);
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;

        void Add(string path, bool isFolder)
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0)
            {
                result.Add((path, mode, isFolder));
            }
        }
    }

    private static string Display(CheckContext context, string path)
    {
        var relative = Path.GetRelativePath(context.StateDirectory, path).Replace('\\', '/');
        return relative == "." ? ".git/memory-bank" : ".git/memory-bank/" + relative;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
