namespace MemoryBank.Core.Setup;

/// <summary>
/// Where the merge driver can run from: the CLI apphost, or (where the CLI cannot run because there is
/// no .NET runtime) pwsh with the module's manifest.
/// </summary>
/// <param name="CliPath">The absolute path of the <c>memory-bank</c> executable, if known.</param>
/// <param name="ModuleManifestPath">The absolute path of <c>MemoryBank.psd1</c>, if known.</param>
/// <param name="PwshPath">The absolute path of pwsh, if known.</param>
public sealed record DriverLocation(string? CliPath, string? ModuleManifestPath, string? PwshPath);
