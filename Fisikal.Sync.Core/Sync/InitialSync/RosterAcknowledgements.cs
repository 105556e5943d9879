using Azure.Data.Tables;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Runs;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.InitialSync;

/// <summary>
/// Acknowledges at the source what recorded pages read (<see cref="MemberPage.Acknowledgement"/>: Gladstone commits the
/// initial sync's own change feed), so nothing an initial sync read stays pending there. Each page is acknowledged once
/// it is recorded; one whose acknowledgement failed then is made by the daily pass (<see cref="AcknowledgePendingAsync"/>).
/// </summary>
public sealed partial class RosterAcknowledgements(SyncRunStore runs, SourceFactory sources, ILogger<RosterAcknowledgements> logger)
{
    /// <summary>Acknowledges one recorded page now; a failure is logged and left for the daily pass.</summary>
    public async Task AcknowledgeAsync(IntegrationOptions integration, IMemberSource source, string pageRowKey, string acknowledgement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            await source.AcknowledgeAsync(acknowledgement, cancellationToken).ConfigureAwait(false);
            await runs.MarkAcknowledgedAsync(integration.Name, pageRowKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SourceOutage.Is(ex) || ex is Azure.RequestFailedException)
        {
            LogDeferred(integration.Name, pageRowKey, ex.Message);
        }
    }

    /// <summary>Makes every acknowledgement still pending for the integration. Returns every page's acknowledgement it holds (made now or before).</summary>
    public async Task<IReadOnlyList<string>> AcknowledgePendingAsync(IntegrationOptions integration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var source = sources.Members(integration);
        var all = new List<string>();
        foreach (var page in await runs.PagesWithAcknowledgementAsync(integration.Name, cancellationToken).ConfigureAwait(false))
        {
            var acknowledgement = page.GetString(SyncRunStore.PageAcknowledgement)!;
            if (page.GetBoolean(SyncRunStore.PageAcknowledged) != true)
            {
                await source.AcknowledgeAsync(acknowledgement, cancellationToken).ConfigureAwait(false);
                await runs.MarkAcknowledgedAsync(integration.Name, page.RowKey, cancellationToken).ConfigureAwait(false);
            }

            all.Add(acknowledgement);
        }

        return all;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {Integration}: acknowledging page {Page} at the source failed ({Error}); the daily pass makes it")]
    private partial void LogDeferred(string integration, string page, string error);
}
