using System.Net;

namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A source answered a redirect, which is not followed: the request carries the integration's secrets (and, for a
/// login, a member's password), and they belong to the source's own host alone. Names where it pointed.
/// </summary>
public sealed class SourceRedirectException(string integration, HttpStatusCode status, string? location)
    : SourceException(integration, status, $"Integration '{integration}': the source answered {(int)status} {status}, redirecting to {Describe(location)}; redirects are not followed (the request's credentials would go with it). Check the integration's BaseUrl.")
{
    private static string Describe(string? location) =>
        location is null ? "nowhere (no Location)"
        : Uri.TryCreate(location, UriKind.Absolute, out var uri) ? $"host '{uri.Host}'"
        : "a path on the same host";
}
