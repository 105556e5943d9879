namespace Fisikal.Sync.Core.Sources.PerfectGymClassic;

/// <summary>
/// One page of an OData entity set: the records that parsed, those that did not, where the server says the next
/// page is (the <c>@odata.nextLink</c>, relative to the OData root; null on the last page), and the highest
/// <c>version</c> among all its rows, malformed ones included (null when none has one), so a change feed moves on
/// past a page even when none of its rows could be read.
/// </summary>
public sealed record ODataPage<T>(IReadOnlyList<T> Records, IReadOnlyList<MalformedRecord> Malformed, string? NextLink, long? HighestVersion = null);
