using System.Globalization;
using System.Net;
using System.Text.Json;
using Fisikal.Sync.Core.Budgets;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Core.Sources.Resilience;
using Fisikal.Sync.Core.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Bench;

/// <summary>
/// One instance of the app's PerfectGym Next client (its real budget, resilience and key handlers) calling
/// one endpoint as fast as the shared budget lets it, for a while. Run as its own process, several at once.
/// Settings come from the environment (BENCH_*), the key from SIMULATOR_API_KEY, so nothing secret is on a command line.
/// </summary>
public static class BudgetWorker
{
    public static async Task<int> RunAsync()
    {
        var storage = Environment.GetEnvironmentVariable("BENCH_STORAGE") ?? throw new InvalidOperationException("BENCH_STORAGE is not set.");
        var integration = new IntegrationOptions
        {
            Name = Environment.GetEnvironmentVariable("BENCH_INTEGRATION") ?? "bench",
            Kind = IntegrationKind.PerfectGymNext,
            BaseUrl = new Uri(Environment.GetEnvironmentVariable("BENCH_BASE_URL") ?? throw new InvalidOperationException("BENCH_BASE_URL is not set.")),
            ApiKey = Environment.GetEnvironmentVariable("SIMULATOR_API_KEY") ?? throw new InvalidOperationException("SIMULATOR_API_KEY is not set."),
            RateLimit = new RateLimitOptions
            {
                RequestsPerMinute = Int("BENCH_LIMIT", 1000),
                Window = TimeSpan.FromMilliseconds(Int("BENCH_WINDOW_MS", 60_000)),
            },
        };
        var duration = TimeSpan.FromMilliseconds(Int("BENCH_DURATION_MS", 60_000));
        var concurrency = Int("BENCH_CONCURRENCY", 8);
        var customerIds = (Environment.GetEnvironmentVariable("BENCH_CUSTOMER_IDS") ?? "1").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        var sync = new SyncStorage(new TableServiceClient(storage), new QueueServiceClient(storage, StorageAccount.QueueOptions()));
        await sync.EnsureCreatedAsync();

        // The app's own source client: its budget, resilience and key, registered as the app registers them.
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(sync)
            .AddSingleton<NotificationStore>()
            .AddSourceHttpClients([integration])
            .BuildServiceProvider();
        var client = new PerfectGymNextClientFactory(services.GetRequiredService<SourceHttpClients>()).Get(integration);

        // Start on the next window boundary, so that instances measure the same time.
        var windowMs = (long)integration.RateLimit.Window.TotalMilliseconds;
        var startMs = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / windowMs + 1) * windowMs;
        await Task.Delay(TimeSpan.FromMilliseconds(startMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var stopAt = DateTimeOffset.FromUnixTimeMilliseconds(startMs) + duration;

        var (ok, failed) = await CallUntilAsync(client, customerIds, concurrency, stopAt);
        Console.WriteLine(JsonSerializer.Serialize(new { ok, failed, startMs, durationMs = (long)duration.TotalMilliseconds }));
        return 0;
    }

    /// <summary><paramref name="concurrency"/> callers of getCustomersContracts until <paramref name="stopAt"/>: calls that succeeded in time, and failed.</summary>
    private static async Task<(int Ok, int Failed)> CallUntilAsync(PerfectGymNextClient client, long[] customerIds, int concurrency, DateTimeOffset stopAt)
    {
        int ok = 0, failed = 0;
        var next = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (DateTimeOffset.UtcNow < stopAt)
            {
                var id = customerIds[Interlocked.Increment(ref next) % customerIds.Length];
                try
                {
                    using var timeout = new CancellationTokenSource(stopAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
                    await client.GetContractsAsync(id, cancellationToken: timeout.Token);
                    if (DateTimeOffset.UtcNow <= stopAt)
                    {
                        Interlocked.Increment(ref ok);
                    }
                }
                catch (OperationCanceledException)
                {
                    // The run ended while this call waited for a token.
                }
                catch (Exception ex) when (ex is PerfectGymNextException or HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Task.WhenAll(workers);
        return (ok, failed);
    }

    private static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
