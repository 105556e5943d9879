using System.Globalization;
using Fisikal.Sync.Core.Rules;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A customer's contracts and add-ons as purchases (one request to getCustomersContracts).</summary>
public sealed class PerfectGymNextPurchaseSource(PerfectGymNextClient client, TimeProvider time) : IPurchaseSource
{
    public IReadOnlyList<string> PurchaseEndpoints { get; } = [PerfectGymNextEndpoints.GetCustomersContracts];

    public async Task<PurchaseRead> ReadPurchasesAsync(string memberId, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(memberId, NumberStyles.None, CultureInfo.InvariantCulture, out var customerId))
        {
            // Not a customer id at all: nothing was read, so nothing of the member's may be expired.
            return new PurchaseRead([], [new MalformedPurchase(new MalformedRecord(memberId, "A PerfectGym Next customer id is a number."), null)]);
        }

        try
        {
            var contracts = await client.GetContractsAsync(customerId, cancellationToken: cancellationToken).ConfigureAwait(false);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            return new PurchaseRead(
                [.. contracts.Result.SelectMany(c => PerfectGymNextAltIds.Purchases(c, today))],
                [.. contracts.Unread.Select(u => new MalformedPurchase(u.Record, u.Ids is { } ids ? PerfectGymNextAltIds.RowKeys(ids) : null))]);
        }
        catch (PerfectGymNextException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            return PurchaseRead.Gone;
        }
    }
}
