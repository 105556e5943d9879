using System.Net;

namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// Whether a failure means the source could not decide, as opposed to deciding. It could not: a 5xx, 408 or 429 (our
/// budget's own refusal included), a timeout, a transport failure, the resilience pipeline refusing to try (an open
/// circuit, a timed-out attempt), or our side of the integration being wrong (its credentials refused, 401/403, or a
/// secret not resolved from Key Vault: no member's answer can be judged then). A person waiting gets 503 and a
/// Retry-After, and a login attempt is not counted. Anything else the source answered (another 4xx, a 3xx, a SOAP client
/// fault, a 200 that can't be read) is its answer: a password check that ends in one is a refusal, and counts.
/// </summary>
public static class SourceOutage
{
    public static bool Is(Exception ex) => ex switch
    {
        SourceException source => (int)source.Status >= 500 || source.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || source.IsConfigurationError,
        HttpRequestException or TaskCanceledException or TimeoutException or Polly.ExecutionRejectedException => true,
        _ => false,
    };
}
