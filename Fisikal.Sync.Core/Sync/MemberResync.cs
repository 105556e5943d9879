using Azure;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync.Access;
using Fisikal.Sync.Core.Sync.Changes;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Packages;

namespace Fisikal.Sync.Core.Sync;

/// <summary>
/// One member refreshed now, ahead of every sweep, from any source: the client, then their packages, and on request
/// their recent visits (door access and attendance). Webhooks use it, and operators' per-member re-sync (seed 004
/// had them edit and save a member, then wait 15 minutes).
/// </summary>
public sealed class MemberResync(
    SourceFactory sources,
    ClientStore clients,
    MemberPackagesHandler packages,
    MemberVisitsHandler visits,
    ChangeFeedSync changes,
    TimeProvider time)
{
    /// <summary>
    /// Reads the member and writes what the source says. Only the source's own word that it has no such member (PerfectGym
    /// Next's 404, an empty answer to PGM's query by id) deletes the client; a record it sent that can't be read, a fault
    /// or any other failure throws and changes nothing.
    /// </summary>
    /// <returns>False when the source no longer has the member (the client, if any, is then deleted: see <see cref="ClientStore.MarkGoneAsync"/>).</returns>
    /// <param name="use">Interactive for a login's on-the-spot sync: one short try on the login's budget share.</param>
    public async Task<bool> RefreshAsync(IntegrationOptions integration, string memberId, bool withVisits, SourceUse use = SourceUse.Background, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var readAt = time.GetUtcNow();
        var member = await sources.Members(integration, use).ReadMemberAsync(memberId, cancellationToken).ConfigureAwait(false);
        if (member is null)
        {
            await clients.MarkGoneAsync(integration, memberId, readAt, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var written = await clients.WriteAsync(integration.Name, [member], MemberStatusRule.For(integration), null, readAt, cancellationToken).ConfigureAwait(false);
        if (written.Kept.SingleOrDefault() is not { } kept)
        {
            return true;
        }

        await packages.RefreshAsync(integration, [new MemberRef(kept.Id, kept.HomeLocationId, kept.Created)], null, use, cancellationToken).ConfigureAwait(false);
        if (withVisits)
        {
            if (sources.ChangeFeed(integration) is { } feed)
            {
                // Visits come from the feed, for everyone at once: read what is new now.
                await changes.SyncVisitsAsync(integration, feed, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await visits.SyncAsync(integration, [new MemberRef(kept.Id, kept.HomeLocationId)], cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }
}
