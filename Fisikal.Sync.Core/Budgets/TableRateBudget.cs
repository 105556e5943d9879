using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Fisikal.Sync.Core.Storage.Tables;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Core.Budgets;

/// <summary>
/// One integration's budget, shared by every instance through the <c>RateBudgets</c> table: a row per
/// endpoint and window (<c>{endpoint}:{window start}</c>) counts the tokens handed out. An instance takes
/// a chunk at a time with an ETag-conditional update, so all instances together never hand out more than
/// the window's limit, and spends it locally. Windows are aligned like the API's (UTC minutes).
/// </summary>
public sealed class TableRateBudget : IRateBudget
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(2);

    private readonly string _integration;
    private readonly RateLimitOptions _options;
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, EndpointState> _endpoints = new(StringComparer.Ordinal);

    public TableRateBudget(string integration, RateLimitOptions options, TableClient table, TimeProvider time)
    {
        _integration = integration;
        _options = options;
        _table = table;
        _time = time;
    }

    public async ValueTask AcquireAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        var state = _endpoints.GetOrAdd(endpoint, _ => new EndpointState());
        while (true)
        {
            var now = _time.GetUtcNow();
            var (start, end) = WindowAt(now);
            var wait = now < start + _options.Guard ? start + _options.Guard - now
                : now > end - _options.Guard ? end + _options.Guard - now
                : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (state.Window == start && state.Tokens > 0)
                {
                    state.Tokens--;
                    return;
                }

                if (state.Window != start || !state.Exhausted)
                {
                    var granted = await LeaseAsync(endpoint, start, cancellationToken).ConfigureAwait(false);
                    state.Window = start;
                    state.Tokens = granted;
                    state.Exhausted = granted == 0;
                    if (granted > 0)
                    {
                        state.Tokens--;
                        return;
                    }
                }
            }
            finally
            {
                state.Gate.Release();
            }

            // This window's budget is spent, by this instance or others: wait for the next one.
            await Task.Delay(end + _options.Guard - now, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes up to a chunk of tokens from the shared row of this window; 0 when none are left.</summary>
    private async Task<int> LeaseAsync(string endpoint, DateTimeOffset window, CancellationToken cancellationToken)
    {
        var limit = _options.LimitFor(endpoint, window);
        var chunk = _options.ChunkFor(limit);
        var rowKey = RowKey(endpoint, window);
        for (var attempt = 0; ; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync(_integration, rowKey, ["Used", "Limit"], cancellationToken).ConfigureAwait(false);
            try
            {
                if (row is null)
                {
                    var grant = Math.Min(chunk, limit);
                    await _table.AddEntityAsync(
                        new TableEntity(_integration, rowKey) { ["Used"] = grant, ["Limit"] = limit, ["Endpoint"] = endpoint, ["WindowStart"] = window },
                        cancellationToken).ConfigureAwait(false);
                    await PruneIfDueAsync(endpoint, window, cancellationToken).ConfigureAwait(false);
                    CountTokens(endpoint, grant);
                    return grant;
                }

                var used = row.GetInt32("Used") ?? 0;
                if (used >= limit)
                {
                    return 0;
                }

                var granted = Math.Min(chunk, limit - used);
                await _table.UpdateEntityAsync(new TableEntity(_integration, rowKey) { ["Used"] = used + granted }, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                CountTokens(endpoint, granted);
                return granted;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance leased first: read again, after a short jittered pause when it keeps happening.
                if (attempt > 2)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25 * Math.Min(attempt, 8))), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private void CountTokens(string endpoint, int tokens) =>
        Diagnostics.SyncTelemetry.BudgetTokens.Add(tokens, Diagnostics.SyncTelemetry.Tag("integration", _integration), Diagnostics.SyncTelemetry.Tag("endpoint", endpoint));

    /// <summary>Once an hour per endpoint, removes rows of windows long gone so the partition does not grow forever.</summary>
    private async Task PruneIfDueAsync(string endpoint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = _endpoints[endpoint];
        if (now - state.LastPruned < PruneEvery)
        {
            return;
        }

        state.LastPruned = now;
        var filter = $"PartitionKey eq {TableKeys.Quote(_integration)} and RowKey ge {TableKeys.Quote(endpoint + ":")} and RowKey lt {TableKeys.Quote(RowKey(endpoint, now - KeepFor))}";
        var old = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            old.Add(row);
        }

        foreach (var chunk in old.Chunk(100))
        {
            await _table.SubmitTransactionAsync([.. chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r))], cancellationToken).ConfigureAwait(false);
        }
    }

    private (DateTimeOffset Start, DateTimeOffset End) WindowAt(DateTimeOffset now)
    {
        var windowMs = (long)_options.Window.TotalMilliseconds;
        var startMs = now.ToUnixTimeMilliseconds() / windowMs * windowMs;
        var start = DateTimeOffset.FromUnixTimeMilliseconds(startMs);
        return (start, start + _options.Window);
    }

    private static string RowKey(string endpoint, DateTimeOffset window) =>
        endpoint + ":" + window.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff", CultureInfo.InvariantCulture);

    private sealed class EndpointState
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset Window { get; set; }

        public int Tokens { get; set; }

        public bool Exhausted { get; set; }

        public DateTimeOffset LastPruned { get; set; }
    }
}
