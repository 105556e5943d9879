using Microsoft.Azure.Functions.Worker;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Functions.Middleware;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Functions.Operations;

/// <summary>
/// <c>GET /api/integrations/{integration}/catalog</c> (admin key): what the source sells with the package Alt ID each
/// needs and whether the platform has that package (seed 000: operators struggle to find these ids).
/// </summary>
public sealed class CatalogEndpoints(IntegrationRegistry integrations, SourceFactory sources, PackageCatalog packages)
{
    [Function(nameof(Catalog))]
    [AdminKey]
    public async Task<IResult> Catalog(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "integrations/{integration}/catalog")] HttpRequest request, string integration, CancellationToken cancellationToken)
    {

        if (!integrations.TryGet(integration, out var options))
        {
            return Problems.NoIntegration(integration);
        }

        IReadOnlyList<CatalogItem> items;
        try
        {
            items = await sources.Catalog(options).ReadCatalogAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SourceException ex)
        {
            return Results.Problem(statusCode: 502, title: "The source could not be read", detail: ex.Message);
        }
        catch (NotSupportedException ex)
        {
            return Results.Problem(statusCode: 501, title: "Not available for this source", detail: ex.Message);
        }

        var platform = await packages.LoadAsync(options.Name, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new
        {
            integration = options.Name,
            items = items.Select(i => new { kind = i.Kind, sourceId = i.SourceId, name = i.Name, altId = i.AltId, hasPackage = platform.Contains(i.AltId) }),
        });
    }
}
