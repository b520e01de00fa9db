using System.Text.Json.Serialization;
using MemoryBank.Core.Backup;
using MemoryBank.Core.Diagnostics;
using MemoryBank.Core.Setup;
using MemoryBank.Core.Sync;

namespace MemoryBank.Cli;

/// <summary>Every type a <c>--json</c> document is made of, serialised by generated code.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(SessionResult))]
[JsonSerializable(typeof(IReadOnlyList<FileStatus>))]
[JsonSerializable(typeof(EntryAddResult))]
[JsonSerializable(typeof(HarvestResult))]
[JsonSerializable(typeof(IReadOnlyList<CheckResult>))]
[JsonSerializable(typeof(SetupResult[]))]
[JsonSerializable(typeof(ExportResult))]
[JsonSerializable(typeof(ImportDocument))]
[JsonSerializable(typeof(ErrorDocument))]
internal sealed partial class JsonOutputContext : JsonSerializerContext;
