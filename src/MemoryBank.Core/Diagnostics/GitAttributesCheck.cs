using MemoryBank.Core.Config;
using MemoryBank.Core.Git;
using MemoryBank.Core.IO;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Diagnostics;

/// <summary>
/// <c>gitattributes</c>: the marked block in <c>.gitattributes</c> is the one <see cref="GitAttributesBlock.Build"/>
/// makes from the configuration, and git resolves each configured bank file to its driver (no later line,
/// nested <c>.gitattributes</c> or <c>.git/info/attributes</c> overrides it). Repair rewrites the block
/// atomically, keeping every other byte of the file.
/// </summary>
internal sealed class GitAttributesCheck : HealthCheck
{
    private const string FileName = ".gitattributes";

    public override string Name => CheckNames.GitAttributes;

    public override CheckResult Run(CheckContext context)
    {
        if (context.Config is not { } config)
        {
            return NotChecked();
        }

        var path = Path.Combine(context.Repo.Root, FileName);
        string existing;
        try
        {
            existing = File.Exists(path) ? BankText.Decode(File.ReadAllBytes(path), FileName) : string.Empty;
        }
        catch (BankFileFormatException ex)
        {
            return Fail(ex.Message, $"Re-save {FileName} as UTF-8 text, then run memory-bank check --repair.");
        }

        var expected = GitAttributesBlock.Build(config);
        var current = GitAttributesBlock.Find(existing);
        string? repaired = null;
        if (!string.Equals(current, expected, StringComparison.Ordinal))
        {
            var problem = current is null
                ? $"{FileName} has no memory-bank block, so git merges bank files as plain text"
                : $"The memory-bank block in {FileName} does not match {MemoryBankConfig.FileName} ({FirstDifference(current, expected)})";
            if (!context.Repair)
            {
                var fix = $"Run memory-bank check --repair (or memory-bank init) to rewrite the block, then commit {FileName}.";
                return current is null ? Fail(problem + ".", fix) : Warn(problem + ".", fix);
            }

            AtomicFile.WriteAllText(path, GitAttributesBlock.Apply(existing, expected));
            repaired = current is null
                ? $"Added the memory-bank block to {FileName}."
                : $"Rewrote the memory-bank block in {FileName} from {MemoryBankConfig.FileName}.";
        }

        var overridden = Overridden(context, config);
        var commit = repaired is null ? null : $"Commit {FileName} so that every clone routes bank files to the drivers.";
        if (overridden.Count > 0)
        {
            return Warn(
                (repaired is null ? string.Empty : repaired + " ") + $"The block is in place, but git resolves {DetailText.List(overridden)}.",
                $"Remove or move above the block the attributes line that overrides it: a later line in {FileName}, a nested {FileName} in the bank, or .git/info/attributes. {commit}".TrimEnd(),
                repaired is not null);
        }

        return repaired is null
            ? Pass($"The memory-bank block in {FileName} matches {MemoryBankConfig.FileName}, and git routes the bank files to their drivers.")
            : Pass(repaired + " git now routes the bank files to their drivers.", repaired: true, fix: commit);
    }

    /// <summary>The configured bank files whose effective merge attribute is not their driver, as "path to merge=value".</summary>
    private static List<string> Overridden(CheckContext context, MemoryBankConfig config)
    {
        var bank = config.BankPath.TrimEnd('/');
        var expected = config.Files.ToDictionary(p => bank + "/" + p.Name, p => GitAttributesBlock.DriverName(p.Strategy), StringComparer.Ordinal);
        var arguments = new List<string> { "check-attr", "-z", "merge", "--" };
        arguments.AddRange(expected.Keys);
        var output = context.Git.Run(arguments, cancellationToken: context.CancellationToken).StandardOutput;

        // -z: path NUL attribute NUL value NUL, per path.
        var fields = output.Split('\0');
        var result = new List<string>();
        for (var i = 0; i + 2 < fields.Length; i += 3)
        {
            var (file, value) = (fields[i], fields[i + 2]);
            if (expected.TryGetValue(file, out var driver) && !string.Equals(value, driver, StringComparison.Ordinal))
            {
                result.Add($"{file} to merge={value} instead of {driver}");
            }
        }

        return result;
    }

    private static string FirstDifference(string current, string expected)
    {
        var have = current.Split('\n');
        var want = expected.Split('\n');
        for (var i = 0; i < Math.Max(have.Length, want.Length); i++)
        {
            var a = i < have.Length ? have[i] : null;
            var b = i < want.Length ? want[i] : null;
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                return b is null ? $"extra line \"{DetailText.Clip(a!)}\"" : a is null ? $"missing line \"{DetailText.Clip(b)}\"" : $"\"{DetailText.Clip(a)}\" where \"{DetailText.Clip(b)}\" belongs";
            }
        }

        return "line endings differ";
    }
}
