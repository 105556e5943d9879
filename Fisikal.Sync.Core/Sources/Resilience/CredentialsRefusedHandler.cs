using System.Net;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>
/// Credentials refused (401/403, never retried) are a configuration error: logged, and raised once as a notification
/// naming the integration and the setting to check.
/// </summary>
public sealed partial class CredentialsRefusedHandler(string integration, NotificationStore notifications, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            await RaiseAsync(SourceEndpoint.Of(request), response.StatusCode).ConfigureAwait(false);
        }

        return response;
    }

    private async Task RaiseAsync(string endpoint, HttpStatusCode status)
    {
        LogRefused(integration, (int)status, endpoint);
        try
        {
            await notifications.RaiseAsync(
                integration,
                "configuration:credentials-refused",
                "ConfigurationError",
                $"The source refused the credentials of integration '{integration}' ({(int)status} on {endpoint}); check Integrations__{integration}__ApiKey (or its client id and secret) and the key's scopes.",
                new Dictionary<string, object> { ["Status"] = (int)status, ["Endpoint"] = endpoint },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException)
        {
            LogNotificationFailed(ex, integration);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Integration {Integration}: the source answered {Status} to {Endpoint}; its credentials were refused (not retried)")]
    private partial void LogRefused(string integration, int status, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {Integration}: could not record the credentials notification")]
    private partial void LogNotificationFailed(Exception ex, string integration);
}
