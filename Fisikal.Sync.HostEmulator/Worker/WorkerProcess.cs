using System.Diagnostics;
using Fisikal.Sync.HostEmulator.Metadata;

namespace Fisikal.Sync.HostEmulator.Worker;

/// <summary>
/// The worker, started as the Functions host starts it: <c>dotnet {app}.dll</c> in the app's folder with the host's
/// arguments, the app settings in its environment (and none of the emulator's own listening settings: the worker picks
/// its HTTP port and reports it). Its output is passed through; its exit is reported.
/// </summary>
public sealed partial class WorkerProcess : IAsyncDisposable
{
    private const string SetPriv = "/usr/bin/setpriv";
    private static readonly string[] EmulatorOnlySettings = ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "urls"];
    private readonly Process _process;
    private readonly ILogger _logger;

    private WorkerProcess(Process process, ILogger logger)
    {
        _process = process;
        _logger = logger;
    }

    /// <summary>Completes with the worker's exit code when it exits.</summary>
    public Task<int> Exited { get; private set; } = Task.FromResult(0);

    public int Id => _process.Id;

    public static WorkerProcess Start(WorkerApp app, Uri grpcUri, IReadOnlyDictionary<string, string?> settings, ILogger logger)
    {
        var start = StartInfo(app, grpcUri, settings);
        var process = new Process { StartInfo = start };
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Out.WriteLine(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine(line);
            }
        };
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var parent = new Thread(() =>
        {
            try
            {
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                started.SetResult();
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                started.SetException(ex);
                return;
            }

            // Exited completes here, after the worker's output has been read to its end: the process is disposed only
            // after that, never under this thread's wait (which would be an unhandled exception and abort the emulator).
            process.WaitForExit();
            exited.TrySetResult(process.ExitCode);
        })
        { IsBackground = true, Name = "worker parent" };
        parent.Start();
        started.Task.GetAwaiter().GetResult();
        var worker = new WorkerProcess(process, logger) { Exited = exited.Task };
        worker.LogStarted(process.Id, app.WorkerPath);
        return worker;
    }

    /// <summary>How the host starts a worker: <c>dotnet {app}.dll</c> with the host's arguments and the app settings.</summary>
    private static ProcessStartInfo StartInfo(WorkerApp app, Uri grpcUri, IReadOnlyDictionary<string, string?> settings)
    {
        var workerId = Guid.NewGuid().ToString();

        // A killed emulator must leave no worker behind, and the worker does not stop when its stream goes: on Linux it
        // is started through setpriv with a parent-death signal, from a thread that lives exactly as long as the worker
        // (the signal follows the thread that started it, not the process).
        var start = new ProcessStartInfo(File.Exists(SetPriv) ? SetPriv : app.Executable)
        {
            WorkingDirectory = app.Directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (File.Exists(SetPriv))
        {
            start.ArgumentList.Add("--pdeathsig");
            start.ArgumentList.Add("KILL");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(app.Executable);
        }

        start.ArgumentList.Add(Path.Combine(app.Directory, app.WorkerPath));
        foreach (var argument in new[]
        {
            "--functions-uri", grpcUri.AbsoluteUri, "--functions-worker-id", workerId, "--functions-request-id", Guid.NewGuid().ToString(),
            "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in EmulatorOnlySettings)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in settings)
        {
            if (!EmulatorOnlySettings.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = app.Directory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = app.Directory;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        return start;
    }

    /// <summary>Waits up to <paramref name="grace"/> for the worker to leave, then kills it and everything it started.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It left between the wait and the kill.
            }

            await Exited.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _process.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started the worker (pid {Pid}): {WorkerPath}")]
    private partial void LogStarted(int pid, string workerPath);
}
