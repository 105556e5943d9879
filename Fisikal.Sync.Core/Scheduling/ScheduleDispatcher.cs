using Microsoft.Extensions.Logging;
using Azure;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using NCrontab;

namespace Fisikal.Sync.Core.Scheduling;

/// <summary>
/// Fires each integration's schedules when due, once across every instance: an occurrence is claimed by moving the
/// schedule's row (<c>SyncCheckpoints</c>, <c>schedule:{function}</c>) to its next occurrence under If-Match. It is queued
/// before it is claimed, and an instance that loses the claim deletes its message: a crash between the two leaves the
/// occurrence queued and still due, so at worst it runs twice, never not at all (a daily job would lose a whole day).
/// Each occurrence is its own message on <c>sync-schedule-occurrences</c>, so integrations run side by side on any
/// instance, a long pass of one club does not delay another's, and a failure (of a claim or of a run) is isolated to
/// its occurrence.
/// </summary>
public sealed partial class ScheduleDispatcher
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };
    private readonly IReadOnlyList<IScheduledJob> _jobs;
    private readonly IntegrationRegistry _integrations;
    private readonly SyncStorage _storage;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduleDispatcher> _logger;
    private readonly string _instance = Environment.MachineName + ":" + Environment.ProcessId;

    public ScheduleDispatcher(
        IEnumerable<IScheduledJob> jobs,
        IntegrationRegistry integrations,
        SyncStorage storage,
        TimeProvider time,
        ILogger<ScheduleDispatcher> logger)
    {
        _jobs = [.. jobs];
        _integrations = integrations;
        _storage = storage;
        _time = time;
        _logger = logger;
    }

    /// <summary>Every scheduled job, whichever integrations it applies to.</summary>
    public IReadOnlyList<IScheduledJob> Jobs => _jobs;

    /// <summary>Each job and the integrations it runs for (<c>GET /api/schedules</c>).</summary>
    public IEnumerable<(string Job, string[] Integrations)> Schedules() =>
        _jobs.Select(j => (j.Name, _integrations.All.Where(i => j.ScheduleFor(i) is not null).Select(i => i.Name).ToArray()));

    /// <summary>
    /// Runs a job now, outside its schedule (the admin route): for the named integration, or for every one it applies to.
    /// </summary>
    public async Task<RunNowOutcome> RunNowAsync(string jobName, string? integrationName, CancellationToken cancellationToken = default)
    {
        if (_jobs.FirstOrDefault(f => string.Equals(f.Name, jobName, StringComparison.OrdinalIgnoreCase)) is not { } job)
        {
            return RunNowOutcome.NoSuchJob;
        }

        IntegrationOptions? one = null;
        if (integrationName is not null && !_integrations.TryGet(integrationName, out one))
        {
            return RunNowOutcome.NoSuchIntegration;
        }

        if (one is not null && job.ScheduleFor(one) is null)
        {
            return RunNowOutcome.DoesNotApply;
        }

        foreach (var integration in one is null ? _integrations.All.Where(i => job.ScheduleFor(i) is not null).ToList() : [one])
        {
            await RunAsync(integration, job, cancellationToken).ConfigureAwait(false);
        }

        return RunNowOutcome.Ran;
    }

    /// <summary>Claims every schedule that is due now and queues each claimed occurrence. Returns how many it queued.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var queued = 0;
        foreach (var integration in _integrations.All)
        {
            foreach (var function in _jobs)
            {
                try
                {
                    if (function.ScheduleFor(integration) is not null && await RunIfDueAsync(integration, function, cancellationToken).ConfigureAwait(false))
                    {
                        queued++;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One schedule's trouble (a storage hiccup, a bad expression) must not stop the others.
                    LogClaimFailed(ex, function.Name, integration.Name);
                }
            }
        }

        return queued;
    }

    /// <summary>Runs one queued occurrence (the <c>ScheduleOccurrences</c> queue function).</summary>
    public async Task RunOccurrenceAsync(string messageText, CancellationToken cancellationToken = default)
    {
        var occurrence = System.Text.Json.JsonSerializer.Deserialize<ScheduleOccurrenceMessage>(messageText)
            ?? throw new System.Text.Json.JsonException("The message is empty.");
        if (!_integrations.TryGet(occurrence.Integration, out var integration) || _jobs.FirstOrDefault(f => f.Name == occurrence.Function) is not { } function)
        {
            LogUnknownOccurrence(occurrence.Function, occurrence.Integration);
            return;
        }

        await RunAsync(integration, function, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a job for one integration and records how it went (<c>LastResult</c>, <c>LastError</c> on its schedule row).</summary>
    public async Task RunAsync(IntegrationOptions integration, IScheduledJob function, CancellationToken cancellationToken = default)
    {
        using var scope = _logger.BeginScope(LogScope.Of(("Integration", integration.Name), ("Function", function.Name)));
        var outcome = new TableEntity(integration.Name, RowKey(function)) { ["LastStartedAt"] = _time.GetUtcNow() };
        try
        {
            await function.RunAsync(integration, cancellationToken).ConfigureAwait(false);
            outcome["LastResult"] = "Succeeded";
            outcome["LastError"] = string.Empty;
            LogRan(function.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome["LastResult"] = "Failed";
            outcome["LastError"] = TableText.Cap($"{ex.GetType().Name}: {ex.Message}");
            LogFailed(ex, function.Name);
        }

        outcome["LastCompletedAt"] = _time.GetUtcNow();
        await Checkpoints.UpsertEntityAsync(outcome, TableUpdateMode.Merge, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Queues the due occurrence, then claims it; true when this instance's claim won (else its message is taken back).</summary>
    private async Task<bool> RunIfDueAsync(IntegrationOptions integration, IScheduledJob function, CancellationToken cancellationToken)
    {
        if (await DueAsync(integration, function, cancellationToken).ConfigureAwait(false) is not { } due)
        {
            return false;
        }

        var queued = await _storage.EnqueueAsync(QueueNames.ScheduleOccurrences, new ScheduleOccurrenceMessage(integration.Name, function.Name, due.At), cancellationToken).ConfigureAwait(false);
        if (await TryClaimAsync(integration, function, due, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        // Another instance claimed it (and queued its own): take ours back. Should that fail, it runs twice, which every
        // scheduled function allows for.
        await _storage.Queue(QueueNames.ScheduleOccurrences).DeleteMessageAsync(queued.Value.MessageId, queued.Value.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    /// <summary>The due occurrence (its time, the next one, and the row as read), or null when nothing is due yet.</summary>
    private async Task<Due?> DueAsync(IntegrationOptions integration, IScheduledJob function, CancellationToken cancellationToken)
    {
        var expression = function.ScheduleFor(integration)!;
        var schedule = CrontabSchedule.Parse(expression, SixFields);
        var now = _time.GetUtcNow();
        var row = await Checkpoints.GetEntityOrNullAsync(integration.Name, RowKey(function), cancellationToken: cancellationToken).ConfigureAwait(false);
        var next = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
        if (row?.GetDateTimeOffset("NextRunAt") is not { } due || row.GetString("Schedule") != expression)
        {
            // First sight of this schedule, or a changed one: like runOnStartup false, its first run is its own next
            // occurrence (as the Functions timer recomputes when its schedule changes); the old schedule's stored
            // next run no longer counts, so a move from daily to every 10 minutes applies within 10 minutes.
            var first = new TableEntity(integration.Name, RowKey(function)) { ["Schedule"] = expression, ["NextRunAt"] = next };
            try
            {
                if (row is null)
                {
                    await Checkpoints.AddEntityAsync(first, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Checkpoints.UpdateEntityAsync(first, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance set it up.
            }

            return null;
        }

        return due > now ? null : new Due(due, next, expression, row.ETag);
    }

    /// <summary>Moves the schedule past the occurrence under If-Match: true for the one instance whose update succeeds.</summary>
    private async Task<bool> TryClaimAsync(IntegrationOptions integration, IScheduledJob function, Due due, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(integration.Name, RowKey(function))
        {
            ["Schedule"] = due.Expression,
            ["NextRunAt"] = due.Next,
            ["LastDueAt"] = due.At,
            ["LastClaimedBy"] = _instance,
        };
        try
        {
            await Checkpoints.UpdateEntityAsync(claim, due.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private sealed record Due(DateTimeOffset At, DateTimeOffset Next, string Expression, ETag ETag);

    private TableClient Checkpoints => _storage.Table(TableNames.SyncCheckpoints);

    private static string RowKey(IScheduledJob function) => "schedule:" + function.Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} ran")]
    private partial void LogRan(string function);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed")]
    private partial void LogFailed(Exception ex, string function);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} of {Integration}: queueing or claiming its due occurrence failed (it stays due); the others go on")]
    private partial void LogClaimFailed(Exception ex, string function, string integration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A queued occurrence of {Function} for {Integration} names no configured function or integration; dropped")]
    private partial void LogUnknownOccurrence(string function, string integration);
}
