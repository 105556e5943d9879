using System.Text.Json;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Rules;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync.Clients;
using Fisikal.Sync.Core.Sync.Notifications;
using Fisikal.Sync.Core.Sync.Runs;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Core.Sync.InitialSync;

/// <summary>
/// Handles one <c>sync-member-pages</c> message: read the page, write its clients, queue the next page,
/// then record the page as done. Delivery is at least once; a page already recorded is skipped, and
/// every write is an idempotent upsert, so a repeat changes nothing.
/// </summary>
public sealed partial class MemberPageHandler
{
    /// <summary>As host.json's maxDequeueCount: the attempt after which a message is poisoned.</summary>
    public const int MaxDequeueCount = 5;

    private readonly IntegrationRegistry _integrations;
    private readonly MemberSourceFactory _sources;
    private readonly ClientWriter _clients;
    private readonly SyncRunStore _runs;
    private readonly NotificationStore _notifications;
    private readonly InitialSyncService _initialSync;
    private readonly ILogger<MemberPageHandler> _logger;

    public MemberPageHandler(
        IntegrationRegistry integrations,
        MemberSourceFactory sources,
        ClientWriter clients,
        SyncRunStore runs,
        NotificationStore notifications,
        InitialSyncService initialSync,
        ILogger<MemberPageHandler> logger)
    {
        _integrations = integrations;
        _sources = sources;
        _clients = clients;
        _runs = runs;
        _notifications = notifications;
        _initialSync = initialSync;
        _logger = logger;
    }

    public async Task HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken = default)
    {
        var message = JsonSerializer.Deserialize<MemberPageMessage>(messageText)
            ?? throw new JsonException("The message is empty.");
        using var scope = _logger.BeginScope(LogScope.Of(("Integration", message.Integration), ("RunId", message.RunId)));
        try
        {
            await HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (SourceException ex) when (ex.IsConfigurationError)
        {
            // Retrying can't help until the settings change: the run stops now, and says why.
            await _runs.MarkFinishedAsync(message.Integration, message.RunId, SyncRunStatus.Failed, ex.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (dequeueCount >= MaxDequeueCount && ex is not OperationCanceledException)
        {
            // The last attempt: the message goes to the poison queue, and the run says why it stopped.
            await _runs.MarkFinishedAsync(message.Integration, message.RunId, SyncRunStatus.Failed, $"{ex.GetType().Name}: {ex.Message}", cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    private async Task HandleAsync(MemberPageMessage message, CancellationToken cancellationToken)
    {
        var run = await _runs.GetRunAsync(message.Integration, message.RunId, cancellationToken).ConfigureAwait(false);
        if (run is null || run.GetString("Status") is nameof(SyncRunStatus.Completed) or nameof(SyncRunStatus.Failed))
        {
            LogSkipped(message.Cursor ?? "start", run?.GetString("Status") ?? "missing");
            return;
        }

        if (await _runs.IsPageDoneAsync(message.Integration, message.RunId, message.Cursor, cancellationToken).ConfigureAwait(false))
        {
            LogSkipped(message.Cursor ?? "start", "page already done");
            return;
        }

        await _runs.MarkRunningAsync(run, cancellationToken).ConfigureAwait(false);
        var integration = _integrations.Get(message.Integration);
        var page = await _sources.Create(integration).ReadMembersAsync(message.Cursor, cancellationToken).ConfigureAwait(false);

        var written = await _clients.WriteAsync(
            integration.Name, page.Members, new MemberStatusRule(integration.ActiveStatuses), run.GetString("LocationId"), cancellationToken).ConfigureAwait(false);
        foreach (var bad in page.Malformed)
        {
            await _notifications.RaiseAsync(
                integration.Name,
                $"malformed:{bad.SourceId ?? "unknown"}",
                "MalformedRecord",
                $"Member {bad.SourceId ?? "(no id)"} could not be read and was skipped: {bad.Reason}",
                new Dictionary<string, object> { ["SourceId"] = bad.SourceId ?? string.Empty, ["RunId"] = message.RunId },
                cancellationToken).ConfigureAwait(false);
        }

        if (page.NextCursor is not null)
        {
            await _initialSync.EnqueueAsync(message with { Cursor = page.NextCursor }, cancellationToken).ConfigureAwait(false);
        }

        var tally = new PageTally(page.Members.Count + page.Malformed.Count, written.Written, written.SkippedInactive, page.Malformed.Count, page.NextCursor);
        await _runs.RecordPageAsync(integration.Name, message.RunId, message.Cursor, tally, cancellationToken).ConfigureAwait(false);
        LogPage(message.Cursor ?? "start", tally.MembersSeen, written.Written, page.Malformed.Count);

        if (page.NextCursor is null)
        {
            await _runs.MarkFinishedAsync(integration.Name, message.RunId, SyncRunStatus.Completed, null, cancellationToken).ConfigureAwait(false);
            LogCompleted();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Page after {Cursor}: {Seen} members seen, {Written} clients written, {Malformed} malformed")]
    private partial void LogPage(string cursor, int seen, int written, int malformed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run completed: every page read")]
    private partial void LogCompleted();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Page after {Cursor} skipped: {Reason}")]
    private partial void LogSkipped(string cursor, string reason);
}
