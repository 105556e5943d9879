using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// A connector whose one source offers everything but per-member visits: members, purchases and the catalog, a change
/// feed (visits come through it) and a credential check (PerfectGym classic, Gladstone).
/// </summary>
public abstract class ChangeFeedConnector<TSource> : ISourceConnector
    where TSource : IMemberSource, IPurchaseSource, ICatalogSource, IChangeFeed, ICredentialVerifier
{
    public abstract IntegrationKind Kind { get; }

    public IMemberSource Members(IntegrationOptions integration, SourceUse use) => Source(Checked(integration), use);

    public IPurchaseSource Purchases(IntegrationOptions integration, SourceUse use) => Source(Checked(integration), use);

    public ICatalogSource Catalog(IntegrationOptions integration) => Source(Checked(integration), SourceUse.Background);

    public IVisitSource? Visits(IntegrationOptions integration) => null;

    public IChangeFeed ChangeFeed(IntegrationOptions integration) => Source(Checked(integration), SourceUse.Background);

    public ICredentialVerifier CredentialVerifier(IntegrationOptions integration) => Source(Checked(integration), SourceUse.Background);

    /// <summary>The integration's source, on its HTTP client for <paramref name="use"/>.</summary>
    protected abstract TSource Source(IntegrationOptions integration, SourceUse use);

    private static IntegrationOptions Checked(IntegrationOptions integration) => integration ?? throw new ArgumentNullException(nameof(integration));
}
