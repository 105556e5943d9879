namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>Adds the PGM API client's X-Client-Id and X-Client-Secret to every request. Neither is ever logged.</summary>
public sealed class PerfectGymClassicCredentialsHandler(string clientId, string clientSecret) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove("X-Client-Id");
        request.Headers.Remove("X-Client-Secret");
        request.Headers.TryAddWithoutValidation("X-Client-Id", clientId);
        request.Headers.TryAddWithoutValidation("X-Client-Secret", clientSecret);
        return base.SendAsync(request, cancellationToken);
    }
}
