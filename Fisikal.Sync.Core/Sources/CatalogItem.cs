namespace Fisikal.Sync.Core.Sources;

/// <summary>One thing a source sells: its kind (paymentPlan, product, rate...), its id there, its name, and the Alt ID a platform package needs.</summary>
public sealed record CatalogItem(string Kind, string SourceId, string? Name, string AltId);
