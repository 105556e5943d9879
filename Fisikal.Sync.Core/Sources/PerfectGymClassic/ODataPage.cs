namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>
/// One page of an OData entity set: the records that parsed, those that did not, and where the next page is
/// (the <c>@odata.nextLink</c>, relative to the OData root; null on the last page).
/// </summary>
public sealed record ODataPage<T>(IReadOnlyList<T> Records, IReadOnlyList<MalformedRecord> Malformed, string? NextLink);
