namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>
/// What a PerfectGym Next studio sells, from its membership offers: each rate code with the Alt ID its contracts
/// need, <c>rate_&lt;identifier&gt;</c> (or <c>rate_&lt;name&gt;</c> for a code without one). Add-ons (modules, flat fees)
/// are not listed by the Open API; their Alt IDs show up as unmatched-package notifications instead.
/// </summary>
public sealed class PerfectGymNextCatalog(PerfectGymNextClient client) : ICatalogSource
{
    public async Task<IReadOnlyList<CatalogItem>> ReadCatalogAsync(CancellationToken cancellationToken = default)
    {
        var offers = await client.GetMembershipOffersAsync(cancellationToken).ConfigureAwait(false);
        return [.. offers.Result
            .SelectMany(offer => (offer.RateCodes ?? []).Select(rate => (Offer: offer, Rate: rate)))
            .Select(x => x.Rate.Identifier is { Length: > 0 } identifier
                ? new CatalogItem("rate", identifier, x.Rate.Name ?? x.Offer.Name, "rate_" + identifier)
                : new CatalogItem("rate", x.Rate.Name ?? string.Empty, x.Rate.Name ?? x.Offer.Name, "rate_" + x.Rate.Name))
            .DistinctBy(item => item.AltId, StringComparer.Ordinal)];
    }
}
