namespace MemoryBank.Core.Backup;

/// <summary>Who made an archive, where and when; written into its manifest.</summary>
/// <param name="Persona">The persona that exported the bank.</param>
/// <param name="Host">The machine it was exported on.</param>
/// <param name="CreatedUtc">When it was exported; stored in UTC to the second.</param>
public sealed record ArchiveManifestInfo(string Persona, string Host, DateTimeOffset CreatedUtc);
