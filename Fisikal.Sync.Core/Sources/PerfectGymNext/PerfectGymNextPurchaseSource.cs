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
            return new PurchaseRead([], [new MalformedRecord(memberId, "A PerfectGym Next customer id is a number.")]);
        }

        try
        {
            var contracts = await client.GetContractsAsync(customerId, cancellationToken: cancellationToken).ConfigureAwait(false);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            return new PurchaseRead([.. contracts.Result.SelectMany(c => PerfectGymNextAltIds.Purchases(c, today))], contracts.Malformed);
        }
        catch (PerfectGymNextException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            return new PurchaseRead(null, []);
        }
    }
}
