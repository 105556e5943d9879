using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Packages;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Whether a member may have a session: their client must exist and be Active. A member the sync has not reached
/// yet (signed up at the desk a minute ago) is synced on the spot, client and packages, as a webhook would.
/// </summary>
public sealed partial class ClientAdmission(SyncStorage storage, SourceFactory sources, ClientWriter clients, MemberPackagesHandler packages, ILogger<ClientAdmission> logger)
{
    public async Task<Admission> AdmitAsync(IntegrationOptions integration, string memberId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        if (!Storage.Tables.TableKeys.IsValidKey(memberId))
        {
            return Admission.Refused;
        }

        var row = await storage.Table(TableNames.Clients).GetEntityIfExistsAsync(integration.Name, memberId, [ClientColumns.Status, ClientColumns.Deleted], cancellationToken).ConfigureAwait(false);
        if (row is not null)
        {
            return row.GetBoolean(ClientColumns.Deleted) != true && row.GetString(ClientColumns.Status) == ClientColumns.Active ? Admission.Admitted : Admission.Refused;
        }

        SourceMember? member;
        try
        {
            member = await sources.Members(integration).ReadMemberAsync(memberId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SourceException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(integration.Name, ex.GetType().Name);
            return Admission.Unavailable;
        }

        if (member is null)
        {
            return Admission.Refused;
        }

        var written = await clients.WriteAsync(integration.Name, [member], new MemberStatusRule(integration.ActiveStatuses), null, cancellationToken).ConfigureAwait(false);
        if (written.Kept.SingleOrDefault() is not { } kept)
        {
            return Admission.Refused; // inactive or deleted at the source: not created
        }

        try
        {
            await packages.RefreshAsync(integration, [new MemberRef(kept.Id, kept.HomeLocationId, kept.Created)], null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SourceException or HttpRequestException)
        {
            // The session need not wait for packages: the sweep brings them.
            LogPackagesLater(integration.Name, memberId, ex.GetType().Name);
        }

        LogSyncedOnTheSpot(integration.Name, memberId);
        return Admission.Admitted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Integration {Integration}: member {MemberId} logged in before the sync reached them; synced on the spot")]
    private partial void LogSyncedOnTheSpot(string integration, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {Integration}: member {MemberId}'s packages could not be read at login ({Error}); the sweep will bring them")]
    private partial void LogPackagesLater(string integration, string memberId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {Integration}: the source could not be asked for a member at login ({Error})")]
    private partial void LogUnavailable(string integration, string error);
}
