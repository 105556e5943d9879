namespace Fisikal.Sync.Core.Sources;

/// <summary>A source call that failed, from any source: the integration, and whether settings must change before it can work.</summary>
public abstract class SourceException : Exception
{
    protected SourceException(string integration, string message)
        : base(message)
    {
        Integration = integration;
    }

    public string Integration { get; }

    /// <summary>Credentials refused or permissions missing: retrying cannot help until someone fixes the settings.</summary>
    public abstract bool IsConfigurationError { get; }
}
