using System.Net;
using Fisikal.Sync.Core.Budgets;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.Logging;
using Polly;
using Fisikal.Sync.Core.Diagnostics;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>
/// One per source integration: the retry strategy around each attempt; every attempt first takes a token of its
/// endpoint's budget (a retry is a request too), then goes through the attempt's circuit breaker and timeout. Waiting
/// for the budget is outside both: a wait of up to a window is not a timed-out attempt, nor a failure for the breaker.
/// Credentials refused (401/403) are a configuration error: never retried, raised once as a notification naming the integration.
/// </summary>
public sealed partial class SourceResilienceHandler : DelegatingHandler
{
    private readonly string _integration;
    private readonly IRateBudget _budget;
    private readonly SourceResiliencePipeline _pipeline;
    private readonly NotificationStore? _notifications;
    private readonly ILogger _logger;

    public SourceResilienceHandler(string integration, IRateBudget budget, SourceResiliencePipeline pipeline, NotificationStore? notifications, ILogger logger)
    {
        _integration = integration;
        _budget = budget;
        _pipeline = pipeline;
        _notifications = notifications;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var endpoint = SourceEndpoint.Of(request);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await _pipeline.Retry.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        await state.Handler._budget.AcquireAsync(state.Endpoint, ctx.CancellationToken).ConfigureAwait(false);
                        return await state.Handler._pipeline.Attempt.ExecuteOutcomeAsync(
                            static async (attemptContext, s) =>
                            {
                                try
                                {
                                    return Outcome.FromResult(await s.Handler.SendOnceAsync(s.Request, attemptContext.CancellationToken).ConfigureAwait(false));
                                }
                                catch (Exception ex) when (ex is not OperationCanceledException || !s.Cancellation.IsCancellationRequested)
                                {
                                    return Outcome.FromException<HttpResponseMessage>(ex);
                                }
                            },
                            ctx,
                            state).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !state.Cancellation.IsCancellationRequested)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request, Endpoint: endpoint, Cancellation: cancellationToken)).ConfigureAwait(false);
            outcome.ThrowIfException();
            var response = outcome.Result!;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                await RaiseConfigurationErrorAsync(endpoint, response.StatusCode).ConfigureAwait(false);
            }

            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var endpoint = SourceEndpoint.Of(request);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        SyncTelemetry.SourceRequests.Add(1, SyncTelemetry.Tag("integration", _integration), SyncTelemetry.Tag("endpoint", endpoint), SyncTelemetry.Tag("http.response.status_code", (int)response.StatusCode));
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            SyncTelemetry.SourceThrottled.Add(1, SyncTelemetry.Tag("integration", _integration), SyncTelemetry.Tag("endpoint", endpoint));
        }

        return response;
    }

    private async Task RaiseConfigurationErrorAsync(string endpoint, HttpStatusCode status)
    {
        LogRefused(_integration, (int)status, endpoint);
        if (_notifications is null)
        {
            return;
        }

        try
        {
            await _notifications.RaiseAsync(
                _integration,
                "configuration:credentials-refused",
                "ConfigurationError",
                $"The source refused the credentials of integration '{_integration}' ({(int)status} on {endpoint}); check Integrations__{_integration}__ApiKey (or its client id and secret) and the key's scopes.",
                new Dictionary<string, object> { ["Status"] = (int)status, ["Endpoint"] = endpoint },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException)
        {
            LogNotificationFailed(ex, _integration);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Integration {Integration}: the source answered {Status} to {Endpoint}; its credentials were refused (not retried)")]
    private partial void LogRefused(string integration, int status, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {Integration}: could not record the credentials notification")]
    private partial void LogNotificationFailed(Exception ex, string integration);
}
