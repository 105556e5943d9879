namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>A payment plan or a product as the catalog lists it (<c>PaymentPlans</c>, <c>Products</c>).</summary>
public sealed record PerfectGymClassicCatalogEntry(long Id, string? Name, bool? IsActive);
