namespace MemoryBank.Bench.Harness;

/// <summary>A benchmark could not run or produced a wrong result; the run stops rather than report bad figures.</summary>
internal sealed class BenchmarkException : Exception
{
    public BenchmarkException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
