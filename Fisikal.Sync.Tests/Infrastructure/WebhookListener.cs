using System.Collections.Concurrent;
using System.Text.Json;
using Fisikal.Sync.Simulators.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>A real HTTP endpoint on 127.0.0.1 that keeps every webhook posted to it.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private WebApplication _app = null!;

    public ConcurrentQueue<(string? ApiKey, JsonElement Body)> Received { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookListener> StartAsync()
    {
        var listener = new WebhookListener();
        var (app, address) = await LoopbackWebApp.StartAsync(a => a.MapPost("/webhook", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            listener.Received.Enqueue((request.Headers["x-api-key"].ToString(), body));
            return Results.Ok();
        }));
        listener._app = app;
        listener.Url = new Uri(address, "webhook");
        return listener;
    }

    public async Task<(string? ApiKey, JsonElement Body)> WaitForAsync(Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var item in Received)
            {
                if (match(item.Body))
                {
                    return item;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No matching webhook arrived.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
