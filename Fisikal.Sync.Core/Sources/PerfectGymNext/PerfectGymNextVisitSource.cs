using System.Globalization;

namespace Fisikal.Sync.Core.Sources.PerfectGymNext;

/// <summary>A customer's check-ins as visits (getCustomersCheckinHistory, slice by slice).</summary>
public sealed class PerfectGymNextVisitSource(PerfectGymNextClient client) : IVisitSource
{
    public async Task<VisitRead> ReadVisitsAsync(string memberId, DateOnly fromDate, DateOnly toDate, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(memberId, NumberStyles.None, CultureInfo.InvariantCulture, out var customerId))
        {
            return new VisitRead([], [new MalformedRecord(memberId, "A PerfectGym Next customer id is a number.")]);
        }

        var visits = new List<SourceVisit>();
        var malformed = new List<MalformedRecord>();
        try
        {
            await foreach (var slice in client.GetCheckinsAsync(customerId, fromDate, toDate, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                visits.AddRange(slice.Result.Select(c => new SourceVisit(
                    c.CheckinId.ToString(CultureInfo.InvariantCulture),
                    memberId,
                    c.CheckInDateTime,
                    c.StudioId?.ToString(CultureInfo.InvariantCulture))));
                malformed.AddRange(slice.Malformed);
            }
        }
        catch (PerfectGymNextException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            // The customer is gone at the source: no visits to read.
        }

        return new VisitRead(visits, malformed);
    }
}
