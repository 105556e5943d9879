using Fisikal.Sync.Core.Integrations;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>
/// The <see cref="HttpClient"/> a source connector talks through: the named client <see cref="SourceHttpServiceCollectionExtensions.AddSourceHttpClients"/>
/// registered for the integration and use, from <see cref="IHttpClientFactory"/>. Connectors only say where the API is.
/// </summary>
public sealed class SourceHttpClients(IHttpClientFactory factory, SourceHttpClientNames registered)
{
    public HttpClient Create(IntegrationOptions integration, SourceUse use, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var name = SourceHttpClientNames.Of(integration.Name, use);
        if (!registered.Contains(name))
        {
            // An unregistered name would silently get a plain client: no budget, no retries, no credentials.
            throw new InvalidOperationException($"Integration '{integration.Name}' has no source HTTP client registered; it must be among the integrations given to AddSourceHttpClients.");
        }

        var client = factory.CreateClient(name);
        client.BaseAddress = baseAddress;
        return client;
    }
}
