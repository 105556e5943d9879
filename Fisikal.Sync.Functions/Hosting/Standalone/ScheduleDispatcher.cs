using Azure;
using Fisikal.Sync.Core.Diagnostics;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync;
using NCrontab;

namespace Fisikal.Sync.Functions.Hosting.Standalone;

/// <summary>
/// Fires each integration's schedules when due, once across every instance: an occurrence is claimed
/// by moving the schedule's row (<c>SyncCheckpoints</c>, <c>schedule:{function}</c>) to its next
/// occurrence under If-Match, and only the instance whose update succeeds runs it.
/// </summary>
public sealed partial class ScheduleDispatcher
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };
    private readonly IReadOnlyList<IScheduledFunction> _functions;
    private readonly IntegrationRegistry _integrations;
    private readonly SyncStorage _storage;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduleDispatcher> _logger;
    private readonly string _instance = Environment.MachineName + ":" + Environment.ProcessId;

    public ScheduleDispatcher(
        IEnumerable<IScheduledFunction> functions,
        IntegrationRegistry integrations,
        SyncStorage storage,
        TimeProvider time,
        ILogger<ScheduleDispatcher> logger)
    {
        _functions = [.. functions];
        _integrations = integrations;
        _storage = storage;
        _time = time;
        _logger = logger;
    }

    public IReadOnlyList<IScheduledFunction> Functions => _functions;

    /// <summary>Runs every schedule that is due now and that this instance claims. Returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var ran = 0;
        foreach (var integration in _integrations.All)
        {
            foreach (var function in _functions)
            {
                if (function.ScheduleFor(integration) is not null && await TryClaimAsync(integration, function, cancellationToken).ConfigureAwait(false))
                {
                    await RunAsync(integration, function, cancellationToken).ConfigureAwait(false);
                    ran++;
                }
            }
        }

        return ran;
    }

    /// <summary>Runs a function now for one integration, outside its schedule (the admin trigger).</summary>
    public async Task RunAsync(IntegrationOptions integration, IScheduledFunction function, CancellationToken cancellationToken = default)
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
            outcome["LastError"] = $"{ex.GetType().Name}: {ex.Message}";
            LogFailed(ex, function.Name);
        }

        outcome["LastCompletedAt"] = _time.GetUtcNow();
        await Checkpoints.UpsertEntityAsync(outcome, TableUpdateMode.Merge, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<bool> TryClaimAsync(IntegrationOptions integration, IScheduledFunction function, CancellationToken cancellationToken)
    {
        var expression = function.ScheduleFor(integration)!;
        var schedule = CrontabSchedule.Parse(expression, SixFields);
        var now = _time.GetUtcNow();
        var row = await Checkpoints.GetEntityIfExistsAsync(integration.Name, RowKey(function), cancellationToken: cancellationToken).ConfigureAwait(false);
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

            return false;
        }

        if (due > now)
        {
            return false;
        }

        var claim = new TableEntity(integration.Name, RowKey(function))
        {
            ["Schedule"] = expression,
            ["NextRunAt"] = next,
            ["LastDueAt"] = due,
            ["LastClaimedBy"] = _instance,
        };
        try
        {
            await Checkpoints.UpdateEntityAsync(claim, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private TableClient Checkpoints => _storage.Table(TableNames.SyncCheckpoints);

    private static string RowKey(IScheduledFunction function) => "schedule:" + function.Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} ran")]
    private partial void LogRan(string function);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed")]
    private partial void LogFailed(Exception ex, string function);
}
