using Azure.Data.Tables;
using Azure.Storage.Queues;
using Fisikal.Sync.HostEmulator.Metadata;
using Fisikal.Sync.HostEmulator.Worker;

namespace Fisikal.Sync.HostEmulator.Triggers;

/// <summary>
/// Starts a listener for every queue and timer trigger once the worker has loaded its functions. A trigger that can't be
/// served (a schedule that does not parse, a missing setting or connection, a listener that fails) is fatal, as it
/// would be for the host: reported to <see cref="EmulatorFault"/>, and the emulator exits non-zero.
/// </summary>
public sealed partial class TriggerListeners(WorkerApp app, WorkerChannel channel, EmulatorSettings settings, EmulatorFault fault, ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await channel.Loaded.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            return;
        }

        var logger = loggers.CreateLogger("Fisikal.Sync.HostEmulator.Triggers");
        try
        {
            await Task.WhenAll(app.Functions.Select(f => ListenAsync(f, logger, stoppingToken)).ToList()).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            fault.Report(ex);
        }
    }

    private Task ListenAsync(FunctionDefinition function, ILogger logger, CancellationToken stoppingToken)
    {
        var trigger = function.Trigger;
        switch (function.TriggerType.ToLowerInvariant())
        {
            case "queuetrigger":
                var queues = new QueueServiceClient(settings.ConnectionString((string?)trigger["connection"]), Options());
                var queueName = settings.Resolve((string)trigger["queueName"]!);
                return new QueueTriggerListener(function, queueName, queues, channel, app, settings.QueueMessageLease, logger).RunAsync(stoppingToken);
            case "timertrigger":
                var claims = new TableServiceClient(settings.ConnectionString(null)).GetTableClient(TimerTriggerListener.ClaimsTable);
                var schedule = settings.TimerSchedule(function.Name) ?? settings.Resolve((string)trigger["schedule"]!);
                return new TimerTriggerListener(function, schedule, settings.HostId(app), claims, channel, TimeProvider.System, logger).RunAsync(stoppingToken);
            case "httptrigger":
                return Task.CompletedTask;
            default:
                LogUnsupported(logger, function.Name, function.TriggerType);
                return Task.CompletedTask;
        }
    }

    /// <summary>A service version Azurite 3.37 serves; messages are decoded by the listener, as host.json says.</summary>
    private static QueueClientOptions Options() => new(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.None };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function}: the emulator does not serve {TriggerType} triggers")]
    private static partial void LogUnsupported(ILogger logger, string function, string triggerType);
}
