using System.Globalization;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>
/// Customers as members. The cursor carries the Open API's slice offset, used exactly as returned (so the
/// ID style and the additive style both work), and the highest customer id seen so far: customers come in
/// ascending id order, so a record at or below it is a repeat from the previous slice and is dropped.
/// </summary>
public sealed class PerfectGymNextMemberSource : IMemberSource
{
    private readonly PerfectGymNextClient _client;
    private readonly int _sliceSize;

    public PerfectGymNextMemberSource(PerfectGymNextClient client, int sliceSize)
    {
        _client = client;
        _sliceSize = sliceSize;
    }

    public async Task<MemberPage> ReadMembersAsync(string? cursor, string runId, CancellationToken cancellationToken = default)
    {
        var (offset, highestSeen) = Parse(cursor);
        var slice = await _client.GetCustomersAsync(offset, _sliceSize, cancellationToken).ConfigureAwait(false);
        if (slice.HasNext && slice.Offset == offset)
        {
            throw new InvalidOperationException($"The customer slice after offset {offset} returned the same offset; paging would never end.");
        }

        var fresh = slice.Result.Where(c => c.Id > highestSeen).ToList();
        var highest = fresh.Count == 0 ? highestSeen : Math.Max(highestSeen, fresh.Max(c => c.Id));
        var next = slice.HasNext ? $"{slice.Offset}|{highest.ToString(CultureInfo.InvariantCulture)}" : null;
        // Customers are every customer of the studio, prospects and former members included: a complete roster.
        return new MemberPage([.. fresh.Select(ToMember)], slice.Malformed, next, RosterComplete: true);
    }

    /// <summary>Slices hold nothing at the source.</summary>
    public Task AcknowledgeAsync(string acknowledgement, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<SourceMember?> ReadMemberAsync(string memberId, CancellationToken cancellationToken = default) =>
        long.TryParse(memberId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && await _client.GetCustomerAsync(id, cancellationToken).ConfigureAwait(false) is { } customer
            ? ToMember(customer)
            : null;

    internal static SourceMember ToMember(PerfectGymNextCustomer customer) => new(
        customer.Id.ToString(CultureInfo.InvariantCulture),
        customer.FirstName,
        customer.LastName,
        customer.Email,
        customer.DateOfBirth,
        customer.StudioId?.ToString(CultureInfo.InvariantCulture),
        customer.Status,
        customer.CreatedDateTime);

    private static (string? Offset, long HighestSeen) Parse(string? cursor)
    {
        if (cursor is null)
        {
            return (null, long.MinValue);
        }

        var bar = cursor.LastIndexOf('|');
        return bar < 0 || !long.TryParse(cursor.AsSpan(bar + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var highest)
            ? (cursor, long.MinValue)
            : (cursor[..bar], highest);
    }
}
