using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Fisikal.Sync.HostEmulator.Metadata;
using Fisikal.Sync.HostEmulator.Worker;
using Fisikal.Sync.HostEmulator.Worker.Protocol;
using NCrontab;

namespace Fisikal.Sync.HostEmulator.Triggers;

/// <summary>
/// One timer trigger: its schedule (six-field NCrontab, or a TimeSpan; <c>%Setting%</c> resolved from the app settings),
/// fired once per occurrence across every emulator on the storage account. Where the host takes a blob lease, the
/// emulator claims the occurrence with a row in the <c>EmulatorTimers</c> table (<c>{host id}:{function}</c>, the occurrence):
/// the first instance to add it fires. The host id is <c>AzureFunctionsWebHost__hostid</c>, else the worker's name.
/// </summary>
public sealed partial class TimerTriggerListener(FunctionDefinition function, string schedule, string hostId, TableClient claims, WorkerChannel channel, TimeProvider time, ILogger logger)
{
    public const string ClaimsTable = "EmulatorTimers";

    private readonly Func<DateTime, DateTime> _next = Parse(schedule, function.Name);

    /// <summary>
    /// Fires each occurrence until stopped. A storage error (the claim) or a failed invocation costs that occurrence, as
    /// the host's would, never the timer: it is logged in a line and the next occurrence goes on.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var last = (DateTime?)null;
        var tableReady = false;
        while (!stop.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = _next(now);
            try
            {
                await Task.Delay(next - now, time, stop).ConfigureAwait(false);
                if (!tableReady)
                {
                    await claims.CreateIfNotExistsAsync(stop).ConfigureAwait(false);
                    tableReady = true;
                }

                if (await ClaimAsync(next, stop).ConfigureAwait(false))
                {
                    await FireAsync(last, next, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RequestFailedException or IOException or InvalidOperationException or HttpRequestException)
            {
                tableReady = false; // it may be the claims table that went missing
                if (!stop.IsCancellationRequested)
                {
                    LogOccurrenceLost(function.Name, next, ex.GetType().Name, ex.Message);
                }
            }

            last = next;
        }
    }

    /// <summary>The next occurrence after <paramref name="after"/> (UTC), for tests and the log.</summary>
    public DateTime NextAfter(DateTime after) => _next(after);

    private async Task<bool> ClaimAsync(DateTime occurrence, CancellationToken stop)
    {
        try
        {
            var key = occurrence.Ticks.ToString("D19", CultureInfo.InvariantCulture);
            await claims.AddEntityAsync(new TableEntity($"{hostId}:{function.Name}", key) { ["Instance"] = Environment.MachineName + ":" + Environment.ProcessId }, stop).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private async Task FireAsync(DateTime? last, DateTime occurrence, CancellationToken stop)
    {
        var info = JsonSerializer.Serialize(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { Last = last ?? DateTime.MinValue, Next = _next(occurrence), LastUpdated = occurrence },
            IsPastDue = time.GetUtcNow().UtcDateTime - occurrence > TimeSpan.FromMinutes(1),
        });
        var input = new ParameterBinding { Name = (string)function.Trigger["name"]!, Data = new TypedData { Json = info } };
        LogFiring(function.Name, occurrence);
        var response = await channel.InvokeAsync(function.Name, Guid.NewGuid().ToString(), [input], new Dictionary<string, TypedData>(), stop).ConfigureAwait(false);
        if (response.Result?.Status != StatusResult.Types.Status.Success)
        {
            LogFailed(function.Name, occurrence, response.Result?.Exception?.Message ?? response.Result?.Result ?? "no result");
        }
    }

    private static Func<DateTime, DateTime> Parse(string schedule, string function)
    {
        if (TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var every) && every > TimeSpan.Zero)
        {
            return after => new DateTime((after.Ticks / every.Ticks + 1) * every.Ticks, DateTimeKind.Utc);
        }

        var cron = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException($"Function {function}: '{schedule}' is neither a six-field NCrontab expression nor a TimeSpan.");
        return after => DateTime.SpecifyKind(cron.GetNextOccurrence(after), DateTimeKind.Utc);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {Function}: its occurrence at {Occurrence:O} could not be claimed or fired ({Error}: {Reason}); the timer goes on")]
    private partial void LogOccurrenceLost(string function, DateTime occurrence, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer function {Function}: its occurrence at {Occurrence:O} fires here")]
    private partial void LogFiring(string function, DateTime occurrence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed for its occurrence at {Occurrence:O}: {Reason}")]
    private partial void LogFailed(string function, DateTime occurrence, string reason);
}
