using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>
/// The outermost handler of every source client: while a secret the source's calls carry is an unresolved Key Vault
/// reference, nothing is sent (the reference text would travel as the credential) and a ConfigurationError notification
/// names the setting. Nothing is retried, budgeted or counted by the breaker; other integrations are untouched.
/// </summary>
public sealed partial class UnresolvedSecretsHandler(IntegrationOptions integration, NotificationStore notifications, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (integration.UnresolvedSourceSecrets is not { Count: > 0 } unresolved)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var error = new SourceNotConfiguredException(integration.Name, unresolved);
        LogNotConfigured(integration.Name, string.Join(", ", unresolved));
        try
        {
            await notifications.RaiseAsync(
                integration.Name,
                "configuration:unresolved-secret",
                "ConfigurationError",
                error.Message + " Create the secret in the app's Key Vault (or fix the reference), then restart the app.",
                new Dictionary<string, object> { ["Settings"] = string.Join(",", unresolved) },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            LogNotificationFailed(ex, integration.Name);
        }

        throw error;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Integration {Integration}: {Settings} not resolved from Key Vault; no call made to the source")]
    private partial void LogNotConfigured(string integration, string settings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {Integration}: could not record the configuration notification")]
    private partial void LogNotificationFailed(Exception ex, string integration);
}
