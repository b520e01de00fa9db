using MemoryBank.Core.Setup;

namespace MemoryBank.PowerShell;

/// <summary>Where the module's merge driver runs from: the apphost beside this assembly, or pwsh with the manifest.</summary>
internal static class ModuleDriverLocation
{
    /// <summary>The driver location for this module folder and session.</summary>
    public static DriverLocation Find()
    {
        var moduleFolder = Path.GetDirectoryName(typeof(ModuleDriverLocation).Assembly.Location);
        if (string.IsNullOrEmpty(moduleFolder))
        {
            return new DriverLocation(null, null, PwshProcessPath());
        }

        var cli = Path.Combine(moduleFolder, OperatingSystem.IsWindows() ? "memory-bank.exe" : "memory-bank");
        var manifest = Path.Combine(moduleFolder, "MemoryBank.psd1");
        return new DriverLocation(File.Exists(cli) ? cli : null, File.Exists(manifest) ? manifest : null, PwshProcessPath());
    }

    // pwsh is the fallback driver host only when this session runs in pwsh.
    private static string? PwshProcessPath()
    {
        var process = Environment.ProcessPath;
        return process is not null && string.Equals(Path.GetFileNameWithoutExtension(process), "pwsh", StringComparison.OrdinalIgnoreCase)
            ? process
            : null;
    }
}
