using Fisikal.Sync.Core.Integrations;

namespace Fisikal.Sync.Core.Sources;

/// <summary>
/// What one kind of source offers an integration of that kind: its members, purchases, catalog and, where it has them,
/// per-member visits, a change feed and a credential check. One implementation per <see cref="IntegrationKind"/>,
/// registered in Core; <see cref="SourceFactory"/> picks the integration's.
/// </summary>
public interface ISourceConnector
{
    IntegrationKind Kind { get; }

    /// <param name="use">Interactive for a person waiting: one short try on a small budget share.</param>
    IMemberSource Members(IntegrationOptions integration, SourceUse use);

    IPurchaseSource Purchases(IntegrationOptions integration, SourceUse use);

    ICatalogSource Catalog(IntegrationOptions integration);

    /// <summary>Per-member visits, for a source read one member at a time; null when its visits come another way (a change feed).</summary>
    IVisitSource? Visits(IntegrationOptions integration);

    /// <summary>The change feed, or null when the ongoing syncs scan instead.</summary>
    IChangeFeed? ChangeFeed(IntegrationOptions integration);

    /// <summary>The credential check, or null when the source has none.</summary>
    ICredentialVerifier? CredentialVerifier(IntegrationOptions integration);
}
