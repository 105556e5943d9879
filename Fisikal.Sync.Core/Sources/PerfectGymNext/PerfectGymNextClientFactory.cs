using System.Collections.Concurrent;
using Fisikal.Sync.Core.Budgets;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>
/// One <see cref="PerfectGymNextClient"/> per integration, over a handler chain built once:
/// budget and resilience (outermost), then the key, then the transport.
/// </summary>
public sealed class PerfectGymNextClientFactory : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<PerfectGymNextClient>> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<HttpClient> _http = [];
    private readonly SyncStorage _storage;
    private readonly NotificationStore _notifications;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    public PerfectGymNextClientFactory(SyncStorage storage, NotificationStore notifications, TimeProvider time, ILoggerFactory loggers)
    {
        _storage = storage;
        _notifications = notifications;
        _time = time;
        _loggers = loggers;
    }

    public PerfectGymNextClient Get(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return _clients.GetOrAdd(integration.Name, _ => new Lazy<PerfectGymNextClient>(() => Create(integration))).Value;
    }

    public void Dispose()
    {
        foreach (var http in _http)
        {
            http.Dispose();
        }
    }

    private PerfectGymNextClient Create(IntegrationOptions integration)
    {
        var logger = _loggers.CreateLogger("Fisikal.Sync.Sources.PerfectGymNext");
        var budget = new TableRateBudget(integration.Name, integration.RateLimit, _storage.Table(TableNames.RateBudgets), _time);
        var pipeline = SourceResiliencePipeline.Build(
            integration.Resilience,
            integration.RateLimit.Window,
            _time,
            message => logger.LogWarning("Integration {Integration}: {Event}", integration.Name, message));
        var transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var chain = new SourceResilienceHandler(integration.Name, budget, pipeline, _notifications, logger)
        {
            InnerHandler = new PerfectGymNextApiKeyHandler(integration.ApiKey!) { InnerHandler = transport },
        };
        var baseUrl = integration.BaseUrl!.AbsoluteUri;
        var http = new HttpClient(chain)
        {
            BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"),

            // Each attempt has its own timeout in the pipeline; this bounds the whole call with its retries.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.Add(http);
        return new PerfectGymNextClient(http, integration.Name);
    }
}
