using System.Globalization;
using MemoryBank.Core.Config;
using MemoryBank.Core.Git;
using MemoryBank.Core.IO;
using MemoryBank.Core.Sync;

namespace MemoryBank.Core.Backup;

/// <summary>
/// Export-MemoryBank and Import-MemoryBank: writes the working tree's bank to an archive (optionally
/// encrypted), and brings an archive back with a merge, skip or overwrite strategy. An archive is read
/// and validated completely before anything is written.
/// </summary>
public sealed class BankBackupService
{
    private readonly GitClient _git;
    private readonly TimeProvider _clock;

    /// <summary>Creates the service; <paramref name="git"/> locates the repository.</summary>
    public BankBackupService(GitClient git, TimeProvider? clock = null)
    {
        _git = git;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Writes the bank of the repository containing <paramref name="path"/> to <paramref name="archivePath"/>.</summary>
    /// <param name="path">A folder inside the repository.</param>
    /// <param name="archivePath">The archive to write (replaced atomically if it exists).</param>
    /// <param name="password">Encrypts the archive when not empty.</param>
    /// <param name="persona">Recorded in the manifest; resolved as for sync when null.</param>
    public ExportResult Export(string path, string archivePath, ReadOnlySpan<char> password, string? persona = null)
    {
        var (repo, config) = Open(path);
        var bank = BankSnapshot.FromWorkTree(BankPaths.Resolve(repo.Root, config.BankPath));
        var who = PersonaResolver.Resolve(persona, _git.WithWorkingDirectory(repo.Root));
        var bytes = BankArchive.Export(bank, new ArchiveManifestInfo(who, Environment.MachineName, _clock.GetUtcNow()), password);
        AtomicFile.WriteAllBytes(archivePath, bytes);
        return new ExportResult(Path.GetFullPath(archivePath), bank.Files.Count, bytes.Length, !password.IsEmpty);
    }

    /// <summary>Plans an import without writing anything (the dry run).</summary>
    public ImportPlan PlanImport(string path, string archivePath, ImportStrategy strategy, ReadOnlySpan<char> password)
    {
        var (repo, config) = Open(path);
        var archive = ReadArchive(archivePath, password);
        var local = BankSnapshot.FromWorkTree(BankPaths.Resolve(repo.Root, config.BankPath));
        return ImportPlanner.Plan(config, local, archive.Bank, strategy);
    }

    /// <summary>
    /// Imports <paramref name="archivePath"/> into the bank. With overwrites, a pre-import backup of the
    /// current bank is written first under <c>.git/memory-bank/backups/</c>.
    /// </summary>
    public ImportResult Import(string path, string archivePath, ImportStrategy strategy, ReadOnlySpan<char> password)
    {
        var (repo, config) = Open(path);
        var archive = ReadArchive(archivePath, password);
        var bankDirectory = BankPaths.Resolve(repo.Root, config.BankPath);
        Directory.CreateDirectory(repo.StateDir);
        using var syncLock = SyncLock.Acquire(repo.StateDir, TimeSpan.FromSeconds(10));
        var local = BankSnapshot.FromWorkTree(bankDirectory);
        var plan = ImportPlanner.Plan(config, local, archive.Bank, strategy);
        string? backup = null;
        if (plan.NeedsBackup)
        {
            var stamp = _clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            backup = Path.Combine(repo.StateDir, "backups", $"pre-import-{stamp}.zip");
            AtomicFile.WriteAllBytes(backup, BankArchive.Export(local, new ArchiveManifestInfo("pre-import", Environment.MachineName, _clock.GetUtcNow()), ReadOnlySpan<char>.Empty));
        }

        foreach (var (file, bytes) in plan.Result.Files)
        {
            var current = local.Get(file);
            if (!BankSnapshot.SameBytes(current, bytes))
            {
                AtomicFile.WriteAllBytes(Path.Combine(bankDirectory, file), bytes);
            }
        }

        return new ImportResult(plan.Actions, backup);
    }

    private (RepositoryInfo Repo, MemoryBankConfig Config) Open(string path)
    {
        var repo = RepositoryInfo.Discover(_git, path);
        return (repo, ConfigLoader.Load(repo.Root));
    }

    private static ArchiveContent ReadArchive(string archivePath, ReadOnlySpan<char> password)
    {
        if (!File.Exists(archivePath))
        {
            throw new MemoryBankException("ArchiveNotFound", $"The archive '{archivePath}' does not exist. Check the path and run the import again.", archivePath);
        }

        return BankArchive.Read(File.ReadAllBytes(archivePath), password, archivePath);
    }
}

/// <summary>What an export wrote. Property names match the CLI's <c>--json</c> fields.</summary>
/// <param name="Path">The archive written.</param>
/// <param name="Files">Bank files in it.</param>
/// <param name="Bytes">The archive's size.</param>
/// <param name="Encrypted">The archive is encrypted.</param>
public sealed record ExportResult(string Path, int Files, long Bytes, bool Encrypted);

/// <summary>What an import did.</summary>
/// <param name="Actions">One action per file.</param>
/// <param name="BackupPath">The pre-import backup, when files were overwritten.</param>
public sealed record ImportResult(IReadOnlyList<ImportFileAction> Actions, string? BackupPath);
