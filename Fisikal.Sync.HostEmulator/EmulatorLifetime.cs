using Fisikal.Sync.HostEmulator.Worker;

namespace Fisikal.Sync.HostEmulator;

/// <summary>
/// Runs until SIGINT/SIGTERM (then the worker is told to stop, and killed after a grace: exit 0), until the worker dies
/// (exit 1), or until a trigger can't be served (exit 1). A terminal's Ctrl-C reaches the worker too (one process
/// group): a worker that exits just before the emulator's own signal arrives is part of that stop, not a crash.
/// </summary>
public static partial class EmulatorLifetime
{
    /// <summary>How long a worker's exit waits for the emulator's own stop signal before it counts as a crash.</summary>
    private static readonly TimeSpan SignalGrace = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(WebApplication web, WorkerProcess worker, WorkerChannel channel, EmulatorFault fault)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        web.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        var loaded = channel.Loaded.ContinueWith(t => t, TaskScheduler.Default).Unwrap();
        var first = await Task.WhenAny(stopping.Task, worker.Exited, loaded, fault.Reported).ConfigureAwait(false);
        if (first == loaded && channel.Loaded.IsFaulted)
        {
            LogWorkerFailed(web.Logger, channel.Loaded.Exception!.GetBaseException().Message);
            return await FailAsync(web, worker, channel).ConfigureAwait(false);
        }

        if (first == loaded)
        {
            first = await Task.WhenAny(stopping.Task, worker.Exited, fault.Reported).ConfigureAwait(false);
        }

        if (first == fault.Reported)
        {
            LogFault(web.Logger, (await fault.Reported.ConfigureAwait(false)).Message);
            return await FailAsync(web, worker, channel).ConfigureAwait(false);
        }

        if (first == worker.Exited && await Task.WhenAny(stopping.Task, Task.Delay(SignalGrace)).ConfigureAwait(false) != stopping.Task)
        {
            LogWorkerExited(web.Logger, await worker.Exited.ConfigureAwait(false));
            await web.StopAsync().ConfigureAwait(false);
            return 1;
        }

        channel.Terminate(TimeSpan.FromSeconds(10));
        await worker.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await web.StopAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> FailAsync(WebApplication web, WorkerProcess worker, WorkerChannel channel)
    {
        channel.Terminate(TimeSpan.FromSeconds(5));
        await worker.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await web.StopAsync().ConfigureAwait(false);
        return 1;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping '{Setting}' from local.settings.json: the environment has it, and the environment wins (as with func start)")]
    public static partial void LogSkippedLocalSetting(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker exited unexpectedly with code {ExitCode}; the emulator stops.")]
    private static partial void LogWorkerExited(ILogger logger, int exitCode);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker could not start: {Reason}; the emulator stops.")]
    private static partial void LogWorkerFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "A trigger can't be served: {Reason}; the emulator stops.")]
    private static partial void LogFault(ILogger logger, string reason);
}
