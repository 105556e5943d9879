using System.Collections.Concurrent;
using System.Text;
using Fisikal.Sync.Simulators.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// A telemetry back end's stand-in on 127.0.0.1, keeping each body it is sent: an OTLP/HTTP collector
/// (<c>/v1/metrics</c>, <c>/v1/traces</c>; protobuf stores names as plain UTF-8) and Application Insights' ingestion
/// endpoint (<c>/v2.1/track</c>, JSON lines, gzip undone), so a test can look for a metric or span name in what arrived.
/// </summary>
public sealed class TelemetryReceiver : IAsyncDisposable
{
    private WebApplication _app = null!;

    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Received { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>An Application Insights connection string that sends here.</summary>
    public string ApplicationInsightsConnectionString =>
        $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={Endpoint.AbsoluteUri.TrimEnd('/')}/";

    public static async Task<TelemetryReceiver> StartAsync()
    {
        var receiver = new TelemetryReceiver();
        var (app, address) = await LoopbackWebApp.StartAsync(a =>
        {
            a.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                receiver.Received.Enqueue(("/v1/" + signal, request.ContentType ?? string.Empty, await ReadAsync(request)));
                return Results.Ok();
            });
            a.MapPost("/v2.1/track", async (HttpRequest request) =>
            {
                var body = await ReadAsync(request);
                receiver.Received.Enqueue(("/v2.1/track", request.ContentType ?? string.Empty, body));
                var items = Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
                return Results.Json(new { itemsReceived = items, itemsAccepted = items, errors = Array.Empty<object>() });
            });
        });
        receiver._app = app;
        receiver.Endpoint = new Uri(address.AbsoluteUri.TrimEnd('/'));
        return receiver;
    }

    /// <summary>Waits until an export to <paramref name="path"/> holds <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string path, string text, TimeSpan timeout, Func<string>? senderOutput = null)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0))
            {
                return;
            }

            await Task.Delay(100);
        }

        var paths = string.Join(", ", Received.GroupBy(r => r.Path).Select(g => $"{g.Key} x{g.Count()}"));
        var sample = string.Join(" | ", Received.Where(r => r.Path == path).Select(r => new string(Encoding.UTF8.GetString(r.Body).Where(c => !char.IsControl(c)).ToArray())).Select(b => b[..Math.Min(300, b.Length)]));
        throw new TimeoutException($"No export to {path} held '{text}' within {timeout} (exports: {paths}; each begins: {sample[..Math.Min(3000, sample.Length)]}).{(senderOutput is null ? string.Empty : "\nThe sender's output:\n" + senderOutput())}");
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        var content = request.Headers.ContentEncoding.ToString() == "gzip" ? new System.IO.Compression.GZipStream(request.Body, System.IO.Compression.CompressionMode.Decompress) : request.Body;
        await content.CopyToAsync(body);
        return body.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
