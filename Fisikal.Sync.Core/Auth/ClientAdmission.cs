using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Clients;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Auth;

/// <summary>
/// Whether a member may have a session: their client must exist and be Active. A member the sync has not reached
/// yet (signed up at the desk a minute ago) is synced on the spot, client and packages, as a re-sync would.
/// </summary>
public sealed partial class ClientAdmission(ClientStore clients, MemberResync resync, ILogger<ClientAdmission> logger)
{
    public async Task<Admission> AdmitAsync(IntegrationOptions integration, string memberId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        if (string.IsNullOrEmpty(memberId) || !TableKeys.IsValidKey(memberId))
        {
            return Admission.Refused;
        }

        if (await clients.FindAsync(integration.Name, memberId, cancellationToken).ConfigureAwait(false) is { } client)
        {
            return client.IsActive ? Admission.Admitted : Admission.Refused;
        }

        try
        {
            if (!await resync.RefreshAsync(integration, memberId, withVisits: false, SourceUse.Interactive, cancellationToken).ConfigureAwait(false))
            {
                return Admission.Refused; // the source has no such member
            }

            LogSyncedOnTheSpot(integration.Name, memberId);
        }
        catch (Exception ex) when ((ex is SourceException || SourceOutage.Is(ex)) && !cancellationToken.IsCancellationRequested)
        {
            // The client may be written already with only its packages missing (the sweep brings them); if not, the
            // source that must decide could not tell us about the member (down, or its record can't be read): never a
            // refusal of the member's own credentials, which were accepted.
            LogSourceFailed(integration.Name, memberId, ex.GetType().Name);
            return await clients.FindAsync(integration.Name, memberId, cancellationToken).ConfigureAwait(false) is { IsActive: true }
                ? Admission.Admitted
                : Admission.Unavailable;
        }

        return await clients.FindAsync(integration.Name, memberId, cancellationToken).ConfigureAwait(false) is { IsActive: true }
            ? Admission.Admitted
            : Admission.Refused; // no such member, or inactive or deleted at the source: not created
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Integration {Integration}: member {MemberId} logged in before the sync reached them; synced on the spot")]
    private partial void LogSyncedOnTheSpot(string integration, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {Integration}: syncing member {MemberId} at login failed ({Error})")]
    private partial void LogSourceFailed(string integration, string memberId, string error);
}
