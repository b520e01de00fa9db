using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MemoryBank.Core.Git;

/// <summary>
/// One long-lived <c>git cat-file --batch-command</c> process that answers every object read of a run:
/// starting a git process costs more than most of the reads it serves. Requests go in batches; each waits
/// at most the client's timeout, after which the process is killed and the read fails. Dispose closes git's
/// input, which ends it.
/// </summary>
internal sealed class GitObjectStream : IDisposable
{
    // Commands per write: git answers while we write, so a request must fit the pipe's buffer (64 KiB on
    // Linux) or both sides would wait on each other.
    private const int ChunkSize = 200;

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Task<string> _error;
    private readonly string _display;
    private readonly string _workingDirectory;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _disposed;

    private GitObjectStream(Process process, string display, string workingDirectory, TimeSpan timeout)
    {
        _process = process;
        _display = display;
        _workingDirectory = workingDirectory;
        _timeout = timeout;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts <c>git cat-file --batch-command</c> in <paramref name="git"/>'s folder.</summary>
    public static GitObjectStream Start(GitClient git)
    {
        string[] arguments = ["cat-file", "--batch-command"];
        var process = git.StartLongLived(arguments, out var display);
        return new GitObjectStream(process, display, git.WorkingDirectory, git.Timeout);
    }

    /// <summary>Each named object's id, type and content, in order; null where git reports it missing or ambiguous.</summary>
    public BatchObject?[] Contents(IReadOnlyList<string> names) => Request("contents", names, withContent: true);

    /// <summary>Each named object's id and type (content empty), in order; null where it is missing or ambiguous.</summary>
    public BatchObject?[] Info(IReadOnlyList<string> names) => Request("info", names, withContent: false);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _input.Dispose();
        }
        catch (IOException)
        {
            // git has gone already.
        }

        if (!_process.WaitForExit(_timeout))
        {
            Kill();
        }

        _process.Dispose();
    }

    private BatchObject?[] Request(string command, IReadOnlyList<string> names, bool withContent)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new BatchObject?[names.Count];
        using var deadline = new CancellationTokenSource(_timeout);
        using var registration = deadline.Token.Register(Kill);
        for (var first = 0; first < names.Count; first += ChunkSize)
        {
            var count = Math.Min(ChunkSize, names.Count - first);
            var request = new StringBuilder();
            for (var i = first; i < first + count; i++)
            {
                var name = names[i];
                if (name.Length == 0 || name.AsSpan().IndexOfAny('\n', '\r') >= 0)
                {
                    throw new ArgumentException($"'{name}' is not an object name.", nameof(names));
                }

                request.Append(command).Append(' ').Append(name).Append('\n');
            }

            try
            {
                _input.Write(Encoding.UTF8.GetBytes(request.ToString()));
                _input.Flush();
                for (var i = first; i < first + count; i++)
                {
                    result[i] = ReadAnswer(withContent);
                }
            }
            catch (IOException ex)
            {
                // Also EndOfStreamException: git exited, or was killed at the deadline.
                throw Failure(deadline.IsCancellationRequested, ex);
            }
        }

        return result;
    }

    // "<id> <type> <size>\n" then, for contents, "<content>\n"; or "<name> missing\n" / "<name> ambiguous\n".
    private BatchObject? ReadAnswer(bool withContent)
    {
        var header = Encoding.UTF8.GetString(ReadLine());
        if (header.EndsWith(" missing", StringComparison.Ordinal) || header.EndsWith(" ambiguous", StringComparison.Ordinal))
        {
            return null;
        }

        var fields = header.Split(' ');
        if (fields.Length != 3 || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new MemoryBankException("GitObjectCorrupt", $"git cat-file answered '{header}', which MemoryBank cannot read. Run 'git fsck', and report it if git is healthy.", _workingDirectory);
        }

        var content = Array.Empty<byte>();
        if (withContent)
        {
            content = new byte[size];
            ReadExactly(content);
            ReadExactly(new byte[1]);
        }

        return new BatchObject(fields[0], fields[1], content);
    }

    private byte[] ReadLine()
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end)
            {
                Fill();
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                line.AddRange(new ArraySegment<byte>(_buffer, _start, newline - _start));
                _start = newline + 1;
                return line.ToArray();
            }

            line.AddRange(new ArraySegment<byte>(_buffer, _start, _end - _start));
            _start = _end;
        }
    }

    private void ReadExactly(byte[] target)
    {
        var copied = 0;
        while (copied < target.Length)
        {
            if (_start == _end)
            {
                Fill();
            }

            var take = Math.Min(target.Length - copied, _end - _start);
            Buffer.BlockCopy(_buffer, _start, target, copied, take);
            _start += take;
            copied += take;
        }
    }

    private void Fill()
    {
        _start = 0;
        _end = _output.Read(_buffer, 0, _buffer.Length);
        if (_end == 0)
        {
            throw new EndOfStreamException();
        }
    }

    private Exception Failure(bool timedOut, Exception inner)
    {
        Kill();
        _process.WaitForExit();
        var error = _error.Wait(TimeSpan.FromSeconds(2)) ? _error.Result : string.Empty;
        var exitCode = _process.HasExited ? _process.ExitCode : -1;
        if (!timedOut && error.Contains("batch-command", StringComparison.Ordinal))
        {
            // git before 2.36 has no --batch-command and prints its usage.
            return new MemoryBankException("GitTooOld", $"The installed git has no 'cat-file --batch-command': MemoryBank needs git {GitVersion.Minimum} or later. Upgrade git and run the command again.", _workingDirectory, inner);
        }

        return new GitCommandException(_display, timedOut ? -1 : exitCode, timedOut ? error : error + inner.Message, timedOut, remoteUnreachable: false, _workingDirectory);
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }
}
