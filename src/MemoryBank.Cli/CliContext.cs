namespace MemoryBank.Cli;

/// <summary>The streams a CLI run writes to; no global state.</summary>
/// <param name="Output">stdout.</param>
/// <param name="Error">stderr.</param>
internal sealed record CliContext(TextWriter Output, TextWriter Error);
