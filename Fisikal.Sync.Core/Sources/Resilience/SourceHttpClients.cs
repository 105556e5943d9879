using System.Collections.Concurrent;
using Fisikal.Sync.Core.Budgets;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>
/// Builds the <see cref="HttpClient"/> every source client talks through, one handler chain per integration:
/// the retry strategy, the shared rate budget (each attempt spends a token, outside the attempt's timeout and circuit
/// breaker), the attempt's breaker and timeout, then
/// the source's own authentication, then the transport. Connectors only say how they authenticate.
/// </summary>
public sealed class SourceHttpClients(SyncStorage storage, NotificationStore notifications, TimeProvider time, ILoggerFactory loggers) : IDisposable
{
    private readonly ConcurrentBag<HttpClient> _clients = [];

    /// <param name="authentication">The source's handler that adds its credentials (it gets the transport as its inner handler).</param>
    public HttpClient Create(IntegrationOptions integration, string source, Uri baseAddress, DelegatingHandler authentication)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(authentication);
        var logger = loggers.CreateLogger("Fisikal.Sync.Sources." + source);
        var budget = new SlidingRateBudget(integration.Name, integration.RateLimit, storage.Table(TableNames.RateBudgets), time);
        var pipeline = SourceResiliencePipeline.Build(
            integration.Resilience,
            integration.RateLimit.Window,
            time,
            message => logger.LogWarning("Integration {Integration}: {Event}", integration.Name, message));
        authentication.InnerHandler = Transport();
        var chain = new SourceResilienceHandler(integration.Name, budget, pipeline, notifications, logger) { InnerHandler = authentication };
        return Track(new HttpClient(chain)
        {
            BaseAddress = baseAddress,

            // Each attempt has its own timeout in the pipeline; this bounds the whole call with its retries.
            Timeout = Timeout.InfiniteTimeSpan,
        });
    }

    /// <summary>
    /// A client for calls a person waits on (a login's credential check and on-the-spot sync): one attempt bounded by
    /// <see cref="ResilienceOptions.InteractiveTimeout"/> (10 s), no retries, and the integration's small interactive share of the rate budget,
    /// never waited for (<see cref="RateBudgetExhaustedException"/> instead), so a login answers in seconds, never minutes.
    /// </summary>
    public HttpClient CreateInteractive(IntegrationOptions integration, Uri baseAddress, DelegatingHandler authentication)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(authentication);
        authentication.InnerHandler = Transport();
        var budget = new SlidingRateBudget(integration.Name, integration.RateLimit, storage.Table(TableNames.RateBudgets), time, SourceUse.Interactive);
        return Track(new HttpClient(new RateBudgetHandler(budget) { InnerHandler = authentication }) { BaseAddress = baseAddress, Timeout = integration.Resilience.InteractiveTimeout });
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private static SocketsHttpHandler Transport() => new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }
}
