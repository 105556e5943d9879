namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>
/// A 3xx from a source is an error naming where it pointed (<see cref="SourceRedirectException"/>), never followed: the
/// transport's automatic redirects are off, since .NET strips only <c>Authorization</c> when it follows one and a
/// source's secrets travel in other headers, the SOAP AuthHeader or the body. Not retried, not counted by the breaker.
/// </summary>
public sealed class RedirectRefusedHandler(string integration) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            var status = response.StatusCode;
            var location = response.Headers.Location?.OriginalString;
            response.Dispose();
            throw new SourceRedirectException(integration, status, location);
        }

        return response;
    }
}
