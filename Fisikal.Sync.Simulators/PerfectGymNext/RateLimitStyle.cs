namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>How the simulated club answers once an endpoint's limit is exceeded.</summary>
public enum RateLimitStyle
{
    /// <summary>
    /// Exactly what the Open API's general information says, and no more: "After exceeding the limit, every request for
    /// the next minute will be denied with a 429 response code." No <c>Retry-After</c> (the docs name none), and the
    /// penalty runs a whole window from the request that exceeded the limit, not to the end of the club's window.
    /// </summary>
    Published,

    /// <summary>
    /// A friendlier club than the docs promise (our earlier reading): 429 with <c>Retry-After</c> until the club's own
    /// window resets.
    /// </summary>
    RetryAfterUntilWindowEnds,
}
