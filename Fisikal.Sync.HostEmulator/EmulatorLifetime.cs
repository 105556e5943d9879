using Fisikal.Sync.HostEmulator.Worker;

namespace Fisikal.Sync.HostEmulator;

/// <summary>Runs until SIGINT/SIGTERM (then the worker is told to stop, and killed after a grace) or until the worker dies (exit 1).</summary>
public static partial class EmulatorLifetime
{
    public static async Task<int> RunAsync(WebApplication web, WorkerProcess worker, WorkerChannel channel)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        web.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        var loaded = channel.Loaded.ContinueWith(t => t, TaskScheduler.Default);
        var first = await Task.WhenAny(stopping.Task, worker.Exited, loaded.Unwrap()).ConfigureAwait(false);
        if (first == loaded.Unwrap() && channel.Loaded.IsFaulted)
        {
            LogWorkerFailed(web.Logger, channel.Loaded.Exception!.GetBaseException().Message);
            await worker.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await web.StopAsync().ConfigureAwait(false);
            return 1;
        }

        if (first != stopping.Task && first != worker.Exited)
        {
            first = await Task.WhenAny(stopping.Task, worker.Exited).ConfigureAwait(false);
        }

        if (first == worker.Exited)
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

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker exited unexpectedly with code {ExitCode}; the emulator stops.")]
    private static partial void LogWorkerExited(ILogger logger, int exitCode);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker could not start: {Reason}; the emulator stops.")]
    private static partial void LogWorkerFailed(ILogger logger, string reason);
}
