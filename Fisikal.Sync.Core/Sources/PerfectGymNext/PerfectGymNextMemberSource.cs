using System.Globalization;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>Customers as members: the cursor is the Open API's slice offset, used exactly as returned.</summary>
public sealed class PerfectGymNextMemberSource : IMemberSource
{
    private readonly PerfectGymNextClient _client;
    private readonly int _sliceSize;

    public PerfectGymNextMemberSource(PerfectGymNextClient client, int sliceSize)
    {
        _client = client;
        _sliceSize = sliceSize;
    }

    public async Task<MemberPage> ReadMembersAsync(string? cursor, CancellationToken cancellationToken = default)
    {
        var slice = await _client.GetCustomersAsync(cursor, _sliceSize, cancellationToken).ConfigureAwait(false);
        if (slice.HasNext && slice.Offset == cursor)
        {
            throw new InvalidOperationException($"The customer slice after offset {cursor} returned the same offset; paging would never end.");
        }

        var members = slice.Result.Select(ToMember).ToList();
        return new MemberPage(members, slice.Malformed, slice.HasNext ? slice.Offset : null);
    }

    internal static SourceMember ToMember(PerfectGymNextCustomer customer) => new(
        customer.Id.ToString(CultureInfo.InvariantCulture),
        customer.FirstName,
        customer.LastName,
        customer.Email,
        customer.DateOfBirth,
        customer.StudioId?.ToString(CultureInfo.InvariantCulture),
        customer.Status,
        customer.CreatedDateTime);
}
