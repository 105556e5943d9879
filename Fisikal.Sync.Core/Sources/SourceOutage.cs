namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// Whether an exception means the source could not be asked (it answered an error, could not be reached, timed out,
/// or the resilience pipeline refused to try: an open circuit, a timed-out attempt), as opposed to a bug of ours.
/// A person waiting on it gets 503 and a Retry-After, never 500.
/// </summary>
public static class SourceOutage
{
    public static bool Is(Exception ex) =>
        ex is SourceException or HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException;
}
