using System.Text;

namespace MemoryBank.Cli;

/// <summary>
/// Standard error, opened on the first write. A clean merge-driver run writes nothing, so it never pays
/// for setting up <see cref="Console.Error"/>.
/// </summary>
internal sealed class LazyStandardError : TextWriter
{
    /// <inheritdoc />
    public override Encoding Encoding => Console.Error.Encoding;

    /// <inheritdoc />
    public override void Write(char value) => Console.Error.Write(value);

    /// <inheritdoc />
    public override void Write(string? value) => Console.Error.Write(value);

    /// <inheritdoc />
    public override void WriteLine(string? value) => Console.Error.WriteLine(value);

    /// <inheritdoc />
    public override void Flush() => Console.Error.Flush();
}
