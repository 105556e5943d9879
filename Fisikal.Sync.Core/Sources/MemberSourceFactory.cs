using System.Collections.Concurrent;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.PerfectGymNext;

namespace Fisikal.Sync.Core.Sources;

/// <summary>One source client per integration, each with its own HTTP handler chain (key, then transport).</summary>
public sealed class MemberSourceFactory : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public IMemberSource Create(IntegrationOptions integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return integration.Kind switch
        {
            IntegrationKind.PerfectGymNext => new PerfectGymNextMemberSource(
                new PerfectGymNextClient(Http(integration), integration.Name), integration.SliceSize),
            _ => throw new NotSupportedException($"{integration}: this source kind is not built yet."),
        };
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private HttpClient Http(IntegrationOptions integration) => _clients.GetOrAdd(integration.Name, _ =>
    {
        var transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var baseUrl = integration.BaseUrl!.AbsoluteUri;
        return new HttpClient(new PerfectGymNextApiKeyHandler(integration.ApiKey!) { InnerHandler = transport })
        {
            BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"),
            Timeout = TimeSpan.FromSeconds(100),
        };
    });
}
