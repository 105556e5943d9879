namespace Fisikal.Sync.Core.Sources;

/// <summary>What a source sells (plans, products, rates), each with the package Alt ID it needs on the platform.</summary>
public interface ICatalogSource
{
    Task<IReadOnlyList<CatalogItem>> ReadCatalogAsync(CancellationToken cancellationToken = default);
}
