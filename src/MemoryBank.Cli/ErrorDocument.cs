namespace MemoryBank.Cli;

/// <summary>The <c>--json</c> document of a failed command.</summary>
/// <param name="Error">The error id, as PowerShell's FullyQualifiedErrorId shows it.</param>
/// <param name="Message">What failed and what to do next.</param>
/// <param name="Target">The file, path or ref the error is about, when there is one.</param>
/// <param name="ExitCode">The process exit code.</param>
public sealed record ErrorDocument(string Error, string Message, string? Target, int ExitCode);
