using Microsoft.Extensions.Options;

namespace Fisikal.Sync.Functions.Hosting.Standalone;

/// <summary>The standalone timer: every <see cref="StandaloneOptions.ScheduleTick"/>, runs what is due.</summary>
public sealed partial class ScheduleRunner(ScheduleDispatcher dispatcher, IOptions<StandaloneOptions> options, TimeProvider time, ILogger<ScheduleRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunDueAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Value.ScheduleTick, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogTickFailed(ex);
                await Task.Delay(options.Value.ScheduleTick, time, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for due schedules failed; trying again")]
    private partial void LogTickFailed(Exception ex);
}
