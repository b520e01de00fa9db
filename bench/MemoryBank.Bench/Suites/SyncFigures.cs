using MemoryBank.Bench.Harness;

namespace MemoryBank.Bench.Suites;

/// <summary>One fixture's timed series and traced profiles.</summary>
internal sealed record SyncFigures(
    string Label,
    int Files,
    int Commits,
    long BankBytes,
    Series SaveMemoryBank,
    Series SaveGit,
    Series StartMemoryBank,
    Series StartGit,
    Series QuietStartMemoryBank,
    Series QuietStartGit,
    IReadOnlyList<SyncProfile> Profiles);
