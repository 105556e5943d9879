namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>The endpoint a source request is for, carried on the request so the budget and the logs can name it.</summary>
public static class SourceEndpoint
{
    public static readonly HttpRequestOptionsKey<string> Option = new("Fisikal.Source.Endpoint");

    public static string Of(HttpRequestMessage request) => request.Options.TryGetValue(Option, out var endpoint) ? endpoint : "other";
}
