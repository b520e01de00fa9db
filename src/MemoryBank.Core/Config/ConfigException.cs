namespace MemoryBank.Core.Config;

/// <summary><c>.memorybank.json</c> is malformed or holds an invalid value. Nothing is written when this is thrown.</summary>
public sealed class ConfigException : MemoryBankException
{
    /// <summary>Creates the error for <paramref name="path"/>, naming the line and key at fault.</summary>
    public ConfigException(string path, int line, string key, string problem, Exception? innerException = null)
        : base(
            "ConfigInvalid",
            $"{path}:{line}: {(key.Length == 0 ? string.Empty : $"'{key}' ")}{problem} Fix {MemoryBankConfig.FileName} (see docs/configuration.md) and run the command again; nothing was written.",
            path,
            innerException)
    {
        Line = line;
        Key = key;
    }

    /// <summary>The 1-based line of the offending key or token.</summary>
    public int Line { get; }

    /// <summary>The JSON path of the offending key, for example <c>files.activeContext.md.strategy</c>.</summary>
    public string Key { get; }

    /// <inheritdoc />
    public override MemoryBankErrorKind Kind => MemoryBankErrorKind.InvalidInput;
}
