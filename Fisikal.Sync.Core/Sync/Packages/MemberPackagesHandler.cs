using System.Text.Json;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Core.Sync.Runs;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.Packages;

/// <summary>
/// Handles one <c>sync-member-packages</c> message: each member's purchases become client packages.
/// Within a run the chunk is recorded when done (and not redone); whatever the delivery, the run's
/// completion is checked once the page's chunks are all done. A purchase whose Alt ID has no platform
/// package raises one notification per Alt ID, not one per member.
/// </summary>
public sealed partial class MemberPackagesHandler(
    IntegrationRegistry integrations,
    SourceFactory sources,
    PackageCatalog catalog,
    ClientPackageWriter writer,
    SyncRunStore runs,
    RunCompletion completion,
    NotificationStore notifications,
    UnmatchedPackageLedger ledger,
    ILogger<MemberPackagesHandler> logger)
{
    public async Task HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken = default)
    {
        var message = JsonSerializer.Deserialize<MemberPackagesMessage>(messageText) ?? throw new JsonException("The message is empty.");
        using var scope = logger.BeginScope(LogScope.Of(("Integration", message.Integration), ("RunId", message.RunId ?? "-"), ("Chunk", message.ChunkIndex)));
        try
        {
            await HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (!await runs.RecordFailureAsync(message.Integration, message.RunId, ex, dequeueCount, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private async Task HandleAsync(MemberPackagesMessage message, CancellationToken cancellationToken)
    {
        var runId = message.RunId;
        var pageKey = message.PageKey ?? string.Empty;
        if (runId is not null)
        {
            var run = await runs.GetRunAsync(message.Integration, runId, cancellationToken).ConfigureAwait(false);
            if (run is null || run.IsFinished)
            {
                return;
            }

            if (await runs.IsChunkDoneAsync(message.Integration, runId, pageKey, message.ChunkIndex, cancellationToken).ConfigureAwait(false))
            {
                await CompleteIfPageDoneAsync(message, runId, pageKey, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var integration = integrations.Get(message.Integration);
        var tally = await RefreshAsync(integration, message.Members, runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (runId is not null)
        {
            await runs.RecordChunkAsync(integration.Name, runId, pageKey, message.ChunkIndex, tally, cancellationToken).ConfigureAwait(false);
            await CompleteIfPageDoneAsync(message, runId, pageKey, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads each member's purchases and writes their packages now (also used for webhook events).</summary>
    public async Task<ChunkTally> RefreshAsync(IntegrationOptions integration, IReadOnlyList<MemberRef> members, string? runId, SourceUse use = SourceUse.Background, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(members);
        var packages = await catalog.LoadAsync(integration.Name, cancellationToken).ConfigureAwait(false);
        var source = sources.Purchases(integration, use);
        int assigned = 0, written = 0, errors = 0;
        var unmatched = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var read = await source.ReadPurchasesAsync(member.Id, cancellationToken).ConfigureAwait(false);
            foreach (var bad in read.Malformed)
            {
                errors++;
                await notifications.RaiseMalformedPurchaseAsync(integration.Name, member.Id, bad, runId, cancellationToken).ConfigureAwait(false);
            }

            if (read.Purchases is null)
            {
                // Gone at the source since the page was read: the scan or a webhook deals with the client.
                continue;
            }

            var result = await writer.WriteAsync(integration.Name, member.Id, member.HomeLocationId, read, packages, member.New, cancellationToken).ConfigureAwait(false);
            await ledger.RecordAsync(integration.Name, member.Id, [.. result.UnmatchedAltIds.Distinct(StringComparer.Ordinal)], member.New, cancellationToken).ConfigureAwait(false);
            assigned += result.Assigned;
            written += result.Written;
            foreach (var altId in result.UnmatchedAltIds)
            {
                unmatched[altId] = unmatched.GetValueOrDefault(altId) + 1;
            }
        }

        foreach (var altId in unmatched.Keys)
        {
            await notifications.RaiseUnmatchedPackageAsync(integration.Name, altId, cancellationToken).ConfigureAwait(false);
        }

        Diagnostics.SyncTelemetry.Records.Add(members.Count, Diagnostics.SyncTelemetry.Tag("integration", integration.Name), Diagnostics.SyncTelemetry.Tag("stream", "purchases"));
        LogChunk(members.Count, assigned, written, unmatched.Values.Sum());
        return new ChunkTally(members.Count, assigned, written, unmatched.Values.Sum(), errors);
    }

    private async Task CompleteIfPageDoneAsync(MemberPackagesMessage message, string runId, string pageKey, CancellationToken cancellationToken)
    {
        var done = await runs.ChunksAsync(message.Integration, runId, pageKey, cancellationToken).ConfigureAwait(false);
        if (done.Count >= message.ChunkCount)
        {
            await completion.TryCompleteAsync(message.Integration, runId, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Packages of {Members} members: {Assigned} active, {Written} rows written, {Unmatched} purchases without a platform package")]
    private partial void LogChunk(int members, int assigned, int written, int unmatched);
}
