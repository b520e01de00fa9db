using System.Globalization;
using MemoryBank.Core.Config;
using MemoryBank.Core.IO;
using MemoryBank.Core.Markdown;
using MemoryBank.Core.Merge;
using MemoryBank.Core.Setup;

namespace MemoryBank.Core.Sync;

public sealed partial class MemorySync
{
    /// <summary>
    /// Appends <c>- yyyy-MM-dd HH:mm [persona] text</c> (UTC) as the last entry of a bank file. Further lines
    /// of the text are nested under the item.
    /// </summary>
    public EntryAddResult Add(AddEntryRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            throw new MemoryBankException("EntryTextEmpty", "The entry text is empty. Pass the text to capture, for example: memory-bank add lessons \"retry flaky network tests once\".", request.File);
        }

        var repo = Git.RepositoryInfo.Discover(_git, request.Path);
        var config = ConfigLoader.Load(repo.Root);
        var git = _git.WithWorkingDirectory(repo.Root);
        var persona = PersonaResolver.Resolve(request.Persona, git);
        var bankDirectory = BankPaths.Resolve(repo.Root, config.BankPath);
        var name = ResolveFileName(config, bankDirectory, request.File);
        var path = Path.Combine(bankDirectory, name);
        Directory.CreateDirectory(repo.StateDir);
        using var syncLock = SyncLock.Acquire(repo.StateDir, LockWait);

        var text = File.Exists(path) ? BankText.ReadFile(path) : SeedFiles.ContentFor(name) ?? string.Empty;
        var now = _clock.GetUtcNow();
        var lines = request.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n').Split('\n');
        var entry = $"- {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} [{persona}] {lines[0].Trim()}";
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var block = entry + string.Concat(lines.Skip(1).Select(l => newline + "  " + l.TrimEnd())) + newline;
        var updated = text.Length == 0 ? block : text.EndsWith('\n') ? text + block : text + newline + block;
        if (config.PolicyFor(name)?.Strategy == MergeStrategyKind.Theirs)
        {
            updated = StampLine.Apply(updated, new UpdateStamp(now, persona));
        }

        AtomicFile.WriteAllBytes(path, BankText.Encode(updated));
        return new EntryAddResult { File = name, Entry = entry, Persona = persona };
    }

    /// <summary>
    /// Resolves <paramref name="file"/> to a bank file: the exact name, the name plus <c>.md</c>, or a unique
    /// case-insensitive prefix of a bank or policy file.
    /// </summary>
    internal static string ResolveFileName(MemoryBankConfig config, string bankDirectory, string file)
    {
        // The same list tab completion offers, so what completes always resolves.
        var candidates = BankFileNames.List(config, bankDirectory);

        foreach (var exact in new[] { file, file + ".md" })
        {
            var match = candidates.FirstOrDefault(c => string.Equals(c, exact, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }
        }

        var prefixed = candidates.Where(c => c.StartsWith(file, StringComparison.OrdinalIgnoreCase)).ToArray();
        return prefixed.Length switch
        {
            1 => prefixed[0],
            0 => throw new MemoryBankException("BankFileNotFound", $"No bank file matches '{file}'. Use one of: {string.Join(", ", candidates)}.", file),
            _ => throw new MemoryBankException("BankFileAmbiguous", $"'{file}' matches several bank files ({string.Join(", ", prefixed)}). Type more of the name.", file),
        };
    }
}
