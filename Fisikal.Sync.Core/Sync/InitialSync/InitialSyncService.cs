using Fisikal.Sync.Core.Storage;
using System.Text.Json;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Changes;
using Fisikal.Sync.Core.Sync.Runs;

namespace Fisikal.Sync.Core.Sync.InitialSync;

/// <summary>Starts an initial sync: a run row, then the first page's message; the queue does the rest.</summary>
public sealed class InitialSyncService
{
    private readonly IntegrationRegistry _integrations;
    private readonly SyncRunStore _runs;
    private readonly SyncStorage _storage;
    private readonly SourceFactory _sources;
    private readonly ChangeFeedSync _changes;

    public InitialSyncService(IntegrationRegistry integrations, SyncRunStore runs, SyncStorage storage, SourceFactory sources, ChangeFeedSync changes)
    {
        _integrations = integrations;
        _runs = runs;
        _storage = storage;
        _sources = sources;
        _changes = changes;
    }

    /// <param name="kind">Initial when asked for, ClientSync when scheduled: the same pages either way.</param>
    /// <exception cref="KeyNotFoundException">No such integration, or no such location in it.</exception>
    public async Task<SyncRunProgress> StartAsync(string integration, string? locationId, SyncRunKind kind = SyncRunKind.Initial, CancellationToken cancellationToken = default)
    {
        var options = _integrations.Get(integration);
        if (locationId is not null)
        {
            Storage.TableKeys.ValidateKey(locationId, "locationId");
            if (await _storage.Table(TableNames.Locations).GetEntityOrNullAsync(options.Name, locationId, ["RowKey"], cancellationToken).ConfigureAwait(false) is null)
            {
                throw new KeyNotFoundException($"Integration '{integration}' has no location '{locationId}' in the Locations table.");
            }
        }

        if (locationId is null && _sources.ChangeFeed(options) is { } feed)
        {
            // The ongoing sync of a change-feed source goes on from here; a one-location sync leaves the others to it.
            await _changes.StartCursorsAsync(options, feed, cancellationToken).ConfigureAwait(false);
        }

        var run = await _runs.CreateAsync(options.Name, kind, locationId, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(new MemberPageMessage(options.Name, run.RunId, null), cancellationToken).ConfigureAwait(false);
        return run;
    }

    internal Task EnqueueAsync(MemberPageMessage message, CancellationToken cancellationToken) =>
        _storage.EnqueueAsync(QueueNames.MemberPages, message, cancellationToken);
}
