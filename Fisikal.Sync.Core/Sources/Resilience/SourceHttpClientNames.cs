namespace Fisikal.Sync.Core.Sources.Resilience;

/// <summary>The names of the source HTTP clients registered with <see cref="IHttpClientFactory"/>, one per integration and use.</summary>
public sealed class SourceHttpClientNames
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public static string Of(string integration, SourceUse use) => $"source:{integration}:{use}";

    public bool Contains(string name)
    {
        lock (_names)
        {
            return _names.Contains(name);
        }
    }

    internal bool Add(string name)
    {
        lock (_names)
        {
            return _names.Add(name);
        }
    }
}
