using Azure.Data.Tables;
using Azure.Storage.Queues;
using Fisikal.Sync.HostEmulator.Metadata;
using Fisikal.Sync.HostEmulator.Worker;

namespace Fisikal.Sync.HostEmulator.Triggers;

/// <summary>Starts a listener for every queue and timer trigger once the worker has loaded its functions.</summary>
public sealed partial class TriggerListeners(WorkerApp app, WorkerChannel channel, EmulatorSettings settings, ILoggerFactory loggers) : BackgroundService
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
        var listeners = new List<Task>();
        foreach (var function in app.Functions)
        {
            var trigger = function.Trigger;
            switch (function.TriggerType.ToLowerInvariant())
            {
                case "queuetrigger":
                    var queues = new QueueServiceClient(settings.ConnectionString((string?)trigger["connection"]), Options());
                    var queueName = settings.Resolve((string)trigger["queueName"]!);
                    listeners.Add(new QueueTriggerListener(function, queueName, queues, channel, app, settings.QueueMessageLease, logger).RunAsync(stoppingToken));
                    break;
                case "timertrigger":
                    var claims = new TableServiceClient(settings.ConnectionString(null)).GetTableClient(TimerTriggerListener.ClaimsTable);
                    var schedule = settings.Resolve((string)trigger["schedule"]!);
                    listeners.Add(new TimerTriggerListener(function, schedule, settings.HostId(app), claims, channel, TimeProvider.System, logger).RunAsync(stoppingToken));
                    break;
                case "httptrigger":
                    break;
                default:
                    LogUnsupported(logger, function.Name, function.TriggerType);
                    break;
            }
        }

        await Task.WhenAll(listeners).ConfigureAwait(false);
    }

    /// <summary>A service version Azurite 3.37 serves; messages are decoded by the listener, as host.json says.</summary>
    private static QueueClientOptions Options() => new(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.None };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function}: the emulator does not serve {TriggerType} triggers")]
    private static partial void LogUnsupported(ILogger logger, string function, string triggerType);
}
