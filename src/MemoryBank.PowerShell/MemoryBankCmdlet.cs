using System.Management.Automation;
using MemoryBank.Core;
using MemoryBank.Core.Git;
using MemoryBank.Core.Sync;
using Microsoft.PowerShell.Commands;

namespace MemoryBank.PowerShell;

/// <summary>
/// The base of every MemoryBank cmdlet. It owns the cancellation token that Ctrl+C cancels, the
/// mapping of Core errors to error records, the path helpers, and the adapters that turn Core's git
/// log and progress reports into the verbose and progress streams.
/// </summary>
public abstract class MemoryBankCmdlet : PSCmdlet, IDisposable
{
    private CancellationTokenSource? _cancellation;
    private int _pipelineThreadId = -1;

    /// <summary>Cancelled when the pipeline is stopped (Ctrl+C); Core passes it on to git.</summary>
    protected CancellationToken CancellationToken => _cancellation?.Token ?? CancellationToken.None;

    /// <summary>Creates the cancellation token for this run of the cmdlet.</summary>
    protected sealed override void BeginProcessing()
    {
        _cancellation = new CancellationTokenSource();
        _pipelineThreadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>Cancels the token; PowerShell calls this from another thread while a record is processed.</summary>
    protected sealed override void StopProcessing()
    {
        try
        {
            _cancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // This cmdlet already finished while later commands in the pipeline were still running.
        }
    }

    /// <summary>Releases the cancellation token.</summary>
    protected sealed override void EndProcessing() => _cancellation?.Dispose();

    /// <summary>Releases the cancellation token when the pipeline was stopped before EndProcessing.</summary>
    public void Dispose()
    {
        _cancellation?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Resolves a <c>-Path</c> value against the current PowerShell location (not the process's current
    /// directory, which PowerShell does not move). No value means the current FileSystem location.
    /// A path that does not resolve to the file system ends the command.
    /// </summary>
    protected string ResolveFolder(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        }

        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (Exception ex) when (ex is SessionStateException or ProviderInvocationException or NotSupportedException or ArgumentException)
        {
            // A missing drive or provider, a provider failure, or a malformed path.
            ThrowTerminatingError(new ErrorRecord(ex, "PathNotResolved", ErrorCategory.InvalidArgument, path)
            {
                ErrorDetails = new ErrorDetails($"Cannot resolve the path '{path}': {ex.Message} Pass a folder inside a git clone."),
            });

            // Not reached: ThrowTerminatingError always throws, but the compiler cannot tell.
            throw;
        }

        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            var message = $"The path '{path}' is on the {provider.Name} provider, not the file system. Pass a folder inside a git clone, for example -Path C:\\src\\project or -Path ~/src/project.";
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), "PathNotFileSystem", ErrorCategory.InvalidArgument, path));
        }

        return resolved;
    }

    /// <summary>Resolves a file path (which may not exist yet) against the current location.</summary>
    protected string ResolveFile(string path) => ResolveFolder(path);

    /// <summary>Creates a git client for <paramref name="workingDirectory"/> that writes each git command to the verbose stream.</summary>
    protected GitClient CreateGitClient(string workingDirectory) => new(workingDirectory, log: WriteVerboseOnPipelineThread);

    /// <summary>Creates a progress adapter that writes Core's progress reports to the progress stream.</summary>
    protected ProgressWriter CreateProgress() => new(this);

    /// <summary>
    /// Runs a Core call. A <see cref="MemoryBankException"/> becomes an error record: terminating when
    /// nothing can proceed, otherwise written so the pipeline continues. Cancellation by Ctrl+C becomes a
    /// stopped pipeline.
    /// </summary>
    protected void InvokeCore(Action action)
    {
        try
        {
            action();
        }
        catch (MemoryBankException ex)
        {
            WriteMemoryBankError(ex);
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Writes <paramref name="exception"/> as an error record, ending the command when nothing can proceed.</summary>
    protected void WriteMemoryBankError(MemoryBankException exception)
    {
        var record = ErrorMapper.ToErrorRecord(exception);
        if (ErrorMapper.IsTerminating(exception))
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    // PowerShell only accepts stream writes from the pipeline thread. Core calls back synchronously, so
    // this holds today; a callback from any other thread is dropped rather than failing the command.
    private bool IsOnPipelineThread => Environment.CurrentManagedThreadId == _pipelineThreadId;

    private void WriteVerboseOnPipelineThread(string line)
    {
        if (IsOnPipelineThread)
        {
            WriteVerbose(line);
        }
    }

    /// <summary>
    /// Writes Core's <see cref="SyncProgress"/> reports with <c>WriteProgress</c>, synchronously on the
    /// pipeline thread. <see cref="System.Progress{T}"/> is not used: it posts to a synchronization
    /// context, and PowerShell rejects writes from other threads.
    /// </summary>
    protected sealed class ProgressWriter : IProgress<SyncProgress>
    {
        private const int ActivityId = 1;
        private readonly MemoryBankCmdlet _cmdlet;
        private string? _activity;

        internal ProgressWriter(MemoryBankCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        /// <summary>Writes one progress record.</summary>
        public void Report(SyncProgress value)
        {
            if (!_cmdlet.IsOnPipelineThread)
            {
                return;
            }

            // ProgressRecord refuses empty text.
            _activity = string.IsNullOrEmpty(value.Activity) ? _cmdlet.MyInvocation.MyCommand.Name : value.Activity;
            var status = string.IsNullOrEmpty(value.Status) ? "Working" : value.Status;
            _cmdlet.WriteProgress(new ProgressRecord(ActivityId, _activity, status)
            {
                PercentComplete = Math.Clamp(value.PercentComplete, 0, 100),
            });
        }

        /// <summary>Clears the progress bar once the Core call has returned.</summary>
        public void Complete()
        {
            if (_activity is null || _cmdlet.Stopping || !_cmdlet.IsOnPipelineThread)
            {
                return;
            }

            _cmdlet.WriteProgress(new ProgressRecord(ActivityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
            _activity = null;
        }
    }
}
