using System.Globalization;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A customer's check-ins as visits (getCustomersCheckinHistory, slice by slice).</summary>
public sealed class PerfectGymNextVisitSource(PerfectGymNextClient client) : IVisitSource
{
    public async Task<IReadOnlyList<SourceVisit>> ReadVisitsAsync(string memberId, DateOnly fromDate, DateOnly toDate, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(memberId, NumberStyles.None, CultureInfo.InvariantCulture, out var customerId))
        {
            return [];
        }

        var visits = new List<SourceVisit>();
        try
        {
            await foreach (var slice in client.GetCheckinsAsync(customerId, fromDate, toDate, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                visits.AddRange(slice.Result
                    .Where(c => c.CheckInDateTime is not null)
                    .Select(c => new SourceVisit(
                        c.CheckinId.ToString(CultureInfo.InvariantCulture),
                        memberId,
                        c.CheckInDateTime!.Value,
                        c.StudioId?.ToString(CultureInfo.InvariantCulture))));
            }
        }
        catch (PerfectGymNextException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            // The customer is gone at the source: no visits to read.
        }

        return visits;
    }
}
