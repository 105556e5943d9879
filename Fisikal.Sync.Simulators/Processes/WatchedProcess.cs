using System.Diagnostics;
using System.Globalization;

namespace Fisikal.Sync.Simulators.Processes;

/// <summary>
/// A child process run under a watchdog shell that ends it when this process ends, however this process
/// ends (even killed), so no test or local run leaves orphans. Its output lines go to a callback.
/// </summary>
public sealed class WatchedProcess : IAsyncDisposable
{
    // Runs "$@" in the background; forwards TERM/INT to it; ends it when WATCH_PID is gone.
    private const string Watchdog =
        "\"$@\" & child=$!; " +
        "trap 'kill -TERM $child 2>/dev/null; wait $child; exit $?' INT TERM; " +
        "while kill -0 \"$WATCH_PID\" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; " +
        "if kill -0 $child 2>/dev/null; then kill -TERM $child; sleep 5; kill -KILL $child 2>/dev/null; fi; wait $child";

    private readonly Process _process;

    private WatchedProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static WatchedProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        Action<string> onOutput,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        start.ArgumentList.Add("watchdog");
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["WATCH_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WatchedProcess(process);
    }

    /// <summary>Asks the child to stop (SIGTERM, so it shuts down gracefully), then kills it after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync().ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
