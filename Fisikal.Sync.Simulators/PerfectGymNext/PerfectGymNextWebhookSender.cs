using System.Net.Http.Json;
using System.Threading.Channels;

namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>
/// Posts the store's changes as PerfectGym webhooks: <c>{entityId, uuid, payload: [{timestamp, type, content}]}</c>
/// with the webhook key as x-api-key, a 5 second timeout and no retry (the documented behaviour).
/// </summary>
public sealed class PerfectGymNextWebhookSender : IAsyncDisposable
{
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly PerfectGymNextSimulatorOptions _options;
    private readonly Task _pump;
    private int _delivered;
    private int _failed;

    public PerfectGymNextWebhookSender(PerfectGymNextSimulatorOptions options)
    {
        _options = options;
        _pump = Task.Run(PumpAsync);
    }

    public bool Activated { get; set; }

    public int Delivered => _delivered;

    public int Failed => _failed;

    /// <summary>Queues one event; sent in order, as fast as the receiver answers.</summary>
    public void Enqueue(string type, long entityId, IReadOnlyDictionary<string, object>? content)
    {
        if (!Activated || _options.WebhookUrl is null)
        {
            return;
        }

        var evt = new
        {
            entityId,
            uuid = Guid.NewGuid(),
            payload = new[] { new { timestamp = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(), type, content } },
        };
        _events.Writer.TryWrite(evt);
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
        _http.Dispose();
    }

    private async Task PumpAsync()
    {
        await foreach (var evt in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _options.WebhookUrl) { Content = JsonContent.Create(evt) };
                request.Headers.Add("x-api-key", _options.WebhookApiKey);
                using var response = await _http.SendAsync(request).ConfigureAwait(false);
                Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _delivered : ref _failed);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}
