namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>Adds the studio's x-api-key to every request. The key is never logged.</summary>
public sealed class PerfectGymNextApiKeyHandler : DelegatingHandler
{
    private readonly string _apiKey;

    public PerfectGymNextApiKeyHandler(string apiKey)
    {
        _apiKey = apiKey;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("x-api-key");
        request.Headers.TryAddWithoutValidation("x-api-key", _apiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
