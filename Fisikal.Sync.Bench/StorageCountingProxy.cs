using System.Collections.Concurrent;
using Fisikal.Sync.Simulators.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fisikal.Sync.Bench;

/// <summary>
/// A reverse proxy on 127.0.0.1 in front of one Azurite service that counts the requests passing through: each is one
/// billed storage transaction (an entity group transaction of up to 100 entities is one request). Paths, headers and
/// bodies pass unchanged, so shared-key signatures (which cover the path, not the host) stay valid. Given an inspector,
/// it also hands each request's method, path and body to it before forwarding (tests check Azure's limits with it).
/// </summary>
public sealed class StorageCountingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Transfer-Encoding", "Connection", "Keep-Alive", "Host" };
    private readonly WebApplication _app;
    private readonly HttpClient _target;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Action<string, string, byte[]>? _inspect;
    private readonly Func<string, string>? _rewrite;

    private StorageCountingProxy(WebApplication app, Uri address, HttpClient target, Action<string, string, byte[]>? inspect, Func<string, string>? rewrite)
    {
        _app = app;
        Address = address;
        _target = target;
        _inspect = inspect;
        _rewrite = rewrite;
    }

    public Uri Address { get; }

    /// <summary>Requests so far by operation (<c>GET</c>, <c>POST $batch</c>, <c>DELETE messages</c>, ...).</summary>
    public IReadOnlyDictionary<string, int> Counts => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    /// <param name="inspect">Called with each request's method, raw path and body (empty when it has none) before it is forwarded.</param>
    /// <param name="rewrite">Changes a request's raw target (path and query) before it is forwarded; a shared-key signature covers the path, not the query.</param>
    public static async Task<StorageCountingProxy> StartAsync(Uri target, Action<string, string, byte[]>? inspect = null, Func<string, string>? rewrite = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = target };
        StorageCountingProxy? proxy = null;
        var (app, address) = await LoopbackWebApp.StartAsync(web => web.Run(context => proxy!.ForwardAsync(context)));
        proxy = new StorageCountingProxy(app, address, http, inspect, rewrite);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _target.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        _counts.AddOrUpdate(Operation(request.Method, path), 1, (_, n) => n + 1);

        // The raw target, as sent: re-encoding a decoded path (keys with ':' or quotes) would break the signature.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        rawTarget = _rewrite?.Invoke(rawTarget) ?? rawTarget;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target.BaseAddress!.GetLeftPart(UriPartial.Authority) + rawTarget));
        if (_inspect is not null)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            _inspect(request.Method, rawTarget, buffer.ToArray());
            if (buffer.Length > 0)
            {
                forward.Content = new ByteArrayContent(buffer.ToArray());
            }
        }
        else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _target.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static string Operation(string method, string path)
    {
        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            return method + " $batch";
        }

        return path.EndsWith("/messages", StringComparison.Ordinal) || path.Contains("/messages/", StringComparison.Ordinal) ? method + " messages" : method;
    }
}
