using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Core.Budgets;

/// <summary>
/// One integration's budget, shared by every instance: a sliding log per endpoint, so that in <em>any</em> window of the
/// limit's length (60 s), whatever its phase, no more requests are sent than the limit, retries and every instance
/// included. The club's minute is not ours: PerfectGym counts in minutes of its own phase, so aligning to UTC minutes
/// (or any fixed minutes) would let up to twice the limit into one of its minutes.
/// <para>
/// The log is one <c>RateBudgets</c> row per endpoint (<c>{integration}</c> / <c>{endpoint}</c>): tokens handed out per
/// slot of a sixtieth of the window, summed over the window, one slot more (a window starts inside a slot) and
/// <see cref="Skew"/> more (a request reaches the club a little after its token: a new connection, a busy machine; at a
/// 60 s window that is the one slot it would be anyway). An instance leases a few tokens with an ETag-conditional
/// update when the log's sum leaves room, and may spend them only in the slot it leased them in; when the log is full
/// it waits until its oldest slot leaves the span. Waiting is not a failure: the caller waits outside any timeout.
/// </para>
/// </summary>
public sealed class SlidingRateBudget : IRateBudget
{
    /// <summary>Slots a window is cut into.</summary>
    public const int SlotsPerWindow = 60;

    /// <summary>How much later than its token a request may reach the club and still be counted in the right window.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(1);

    private readonly string _integration;
    private readonly RateLimitOptions _options;
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly long _slotTicks;
    private readonly int _spanSlots;
    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly SourceUse _use;

    /// <param name="use">Background calls wait for the budget and leave the logins' reserve; interactive calls (logins)
    /// may use any room and never wait: they fail with <see cref="RateBudgetExhaustedException"/>.</param>
    public SlidingRateBudget(string integration, RateLimitOptions options, TableClient table, TimeProvider time, SourceUse use = SourceUse.Background)
    {
        ArgumentNullException.ThrowIfNull(options);
        _integration = integration;
        _options = options;
        _table = table;
        _time = time;
        _use = use;
        _slotTicks = Math.Max(1, options.Window.Ticks / SlotsPerWindow);
        _spanSlots = SlotsPerWindow + 1 + (int)Math.Ceiling(Math.Max(_slotTicks, Skew.Ticks) / (double)_slotTicks);
    }

    public async ValueTask AcquireAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        var lease = _leases.GetOrAdd(endpoint, _ => new Lease());
        while (true)
        {
            TimeSpan wait;
            await lease.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var slot = SlotAt(_time.GetUtcNow());
                if (lease.Slot == slot && lease.Tokens > 0)
                {
                    lease.Tokens--;
                    return;
                }

                var (granted, retryAt) = await LeaseAsync(endpoint, slot, cancellationToken).ConfigureAwait(false);
                lease.Slot = slot;
                lease.Tokens = granted;
                if (granted > 0)
                {
                    lease.Tokens--;
                    return;
                }

                wait = retryAt - _time.GetUtcNow();
            }
            finally
            {
                lease.Gate.Release();
            }

            if (_use == SourceUse.Interactive)
            {
                throw new RateBudgetExhaustedException(_integration, endpoint, wait > TimeSpan.Zero ? wait : TimeSpan.FromTicks(_slotTicks));
            }

            // The last window's worth is spent, by this instance or others: wait until its oldest slot leaves.
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromTicks(_slotTicks), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes up to a chunk of tokens in this slot from the endpoint's row; with none, when to try again. The row keeps two
    /// logs, the background sync's (<c>Log</c>) and logins' (<c>InteractiveLog</c>), under one ETag: together they never
    /// pass the limit; the background sync always leaves what is left of the logins' reserve, and logins may use any room.
    /// </summary>
    private async Task<(int Granted, DateTimeOffset RetryAt)> LeaseAsync(string endpoint, long slot, CancellationToken cancellationToken)
    {
        var at = new DateTimeOffset(slot * _slotTicks, TimeSpan.Zero);
        var limit = _options.LimitFor(endpoint, at);
        var reserve = _options.InteractiveReserveFor(endpoint, at);
        var chunk = _use == SourceUse.Interactive ? 1 : _options.ChunkFor(limit);
        for (var attempt = 0; ; attempt++)
        {
            var row = await _table.GetEntityOrNullAsync(_integration, endpoint, ["Log", "InteractiveLog"], cancellationToken).ConfigureAwait(false);
            var background = SlidingLog.Parse(row?.GetString("Log"), slot - _spanSlots + 1);
            var interactive = SlidingLog.Parse(row?.GetString("InteractiveLog"), slot - _spanSlots + 1);
            var backgroundUsed = background.Values.Sum();
            var interactiveUsed = interactive.Values.Sum();
            var room = limit - backgroundUsed - interactiveUsed - (_use == SourceUse.Interactive ? 0 : Math.Max(0, reserve - interactiveUsed));
            var granted = Math.Min(chunk, room);
            if (granted <= 0)
            {
                // Full: room comes back when the oldest slot leaves the span.
                var oldest = background.Keys.Concat(interactive.Keys).DefaultIfEmpty(slot).Min();
                return (0, new DateTimeOffset((oldest + _spanSlots) * _slotTicks, TimeSpan.Zero));
            }

            var log = _use == SourceUse.Interactive ? interactive : background;
            log[slot] = log.GetValueOrDefault(slot) + granted;
            var entity = new TableEntity(_integration, endpoint)
            {
                ["Log"] = SlidingLog.Format(background),
                ["InteractiveLog"] = SlidingLog.Format(interactive),
                ["Limit"] = limit,
                ["Endpoint"] = endpoint,
                ["WindowStart"] = new DateTimeOffset((slot - _spanSlots + 1) * _slotTicks, TimeSpan.Zero),
                ["Used"] = backgroundUsed + interactiveUsed + granted,
            };
            try
            {
                if (row is null)
                {
                    await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                Diagnostics.SyncTelemetry.BudgetTokens.Add(granted, Diagnostics.SyncTelemetry.Tag("integration", _integration), Diagnostics.SyncTelemetry.Tag("endpoint", endpoint));
                return (granted, default);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance leased first: read again, after a short jittered pause when it keeps happening.
                if (attempt > 2)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 * Math.Min(attempt, 8))), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private long SlotAt(DateTimeOffset at) => at.UtcTicks / _slotTicks;

    private sealed class Lease
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long Slot { get; set; } = -1;

        public int Tokens { get; set; }
    }
}
