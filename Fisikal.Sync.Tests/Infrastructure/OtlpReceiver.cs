using System.Collections.Concurrent;
using System.Text;
using Fisikal.Sync.Simulators.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP collector stand-in on 127.0.0.1: it accepts <c>/v1/metrics</c> and <c>/v1/traces</c> exports and keeps
/// each body. Protobuf stores names as plain UTF-8, so a test can look for a metric or span name in what arrived.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private WebApplication _app = null!;

    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Received { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        var (app, address) = await LoopbackWebApp.StartAsync(a => a.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.Received.Enqueue(("/v1/" + signal, request.ContentType ?? string.Empty, body.ToArray()));
            return Results.Ok();
        }));
        receiver._app = app;
        receiver.Endpoint = new Uri(address.AbsoluteUri.TrimEnd('/'));
        return receiver;
    }

    /// <summary>Waits until an export to <paramref name="path"/> holds <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string path, string text, TimeSpan timeout)
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
        var sample = Received.Where(r => r.Path == path).Select(r => new string(Encoding.UTF8.GetString(r.Body).Where(c => !char.IsControl(c)).ToArray())).FirstOrDefault() ?? string.Empty;
        throw new TimeoutException($"No export to {path} held '{text}' within {timeout} (exports: {paths}; the first: {sample[..Math.Min(400, sample.Length)]}).");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
