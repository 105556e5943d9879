using System.Net;
using Fisikal.Sync.Core.Diagnostics;

namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>Counts every attempt that reached the source, by integration, endpoint and status, and the 429s among them.</summary>
public sealed class SourceRequestMetricsHandler(string integration) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var endpoint = SourceEndpoint.Of(request);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        SyncTelemetry.SourceRequests.Add(1, SyncTelemetry.Tag("integration", integration), SyncTelemetry.Tag("endpoint", endpoint), SyncTelemetry.Tag("http.response.status_code", (int)response.StatusCode));
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            SyncTelemetry.SourceThrottled.Add(1, SyncTelemetry.Tag("integration", integration), SyncTelemetry.Tag("endpoint", endpoint));
        }

        return response;
    }
}
