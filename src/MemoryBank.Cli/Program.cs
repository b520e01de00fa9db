using MemoryBank.Core.Merge;

namespace MemoryBank.Cli;

/// <summary>The <c>memory-bank</c> entry point.</summary>
public static class Program
{
    /// <summary>
    /// git starts the merge driver once per conflicting file, so <c>merge-driver</c> skips the command-line
    /// parser and goes straight to Core; every other verb goes through System.CommandLine.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "merge-driver")
        {
            return MergeDriverRunner.Run(args[1..], new LazyStandardError());
        }

        return CliApp.Run(args, Console.Out, Console.Error);
    }
}
