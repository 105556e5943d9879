using Fisikal.Sync.HostEmulator.Metadata;
using Fisikal.Sync.HostEmulator.Worker;
using Fisikal.Sync.HostEmulator.Worker.Protocol;
using Microsoft.AspNetCore.Http.Extensions;

namespace Fisikal.Sync.HostEmulator.Triggers;

/// <summary>
/// HTTP triggers as the host serves them with the ASP.NET Core integration: a request under <c>/api</c> is matched to a
/// function by route and method, an InvocationRequest goes to the worker, and the request itself is forwarded to the
/// worker's own HTTP server with <c>x-ms-invocation-id</c>; the worker pairs the two and answers on the HTTP leg.
/// </summary>
public sealed partial class HttpTriggerProxy(WorkerApp app, WorkerChannel channel, IHttpClientFactory clients, ILogger<HttpTriggerProxy> logger)
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly List<HttpFunctionRoute> _routes = app.Functions
        .Where(f => string.Equals(f.TriggerType, "httpTrigger", StringComparison.OrdinalIgnoreCase))
        .Select(f => new HttpFunctionRoute(f))
        .OrderByDescending(r => r.Literals).ThenBy(r => r.Parameters)
        .ToList();

    public string RoutePrefix { get; } = app.Setting("extensions:http:routePrefix", "api");

    public async Task HandleAsync(HttpContext context)
    {
        if (!channel.Loaded.IsCompletedSuccessfully || channel.HttpUri is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            return;
        }

        var path = context.Request.Path.Value!;
        var relative = RoutePrefix.Length == 0 ? path.TrimStart('/') : path.TrimStart('/')[RoutePrefix.Length..].TrimStart('/');
        var values = new RouteValueDictionary();
        var matches = _routes.Where(r => { values.Clear(); return r.TryMatch("/" + relative, values); }).ToList();
        var route = matches.FirstOrDefault(r => r.Methods is null || r.Methods.Contains(context.Request.Method));
        if (route is null)
        {
            context.Response.StatusCode = matches.Count > 0 ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
            return;
        }

        values.Clear();
        route.TryMatch("/" + relative, values);
        var invocationId = Guid.NewGuid().ToString();
        var (http, metadata) = Invocation(context.Request, values);
        var inputs = new[] { new ParameterBinding { Name = route.BindingName, Data = new TypedData { Http = http } } };
        var traceParent = context.Request.Headers["traceparent"].ToString();
        var invocation = channel.InvokeAsync(
            route.Function.Name, invocationId, inputs, metadata, context.RequestAborted,
            traceParent.Length > 0 ? traceParent : null, context.Request.Headers["tracestate"].ToString());

        using var forward = Forward(context, new Uri(channel.HttpUri, path.TrimStart('/') + context.Request.QueryString), invocationId);
        using var worker = clients.CreateClient(nameof(HttpTriggerProxy));
        using var response = await worker.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);

        // The answer is the worker's unless its invocation failed: then 500, as the host answers. The body is read
        // first, so a worker that finishes the invocation only once its response is written is never kept waiting.
        await response.Content.LoadIntoBufferAsync(context.RequestAborted).ConfigureAwait(false);
        var result = await invocation.ConfigureAwait(false);
        if (result.Result?.Status == StatusResult.Types.Status.Failure)
        {
            LogFailed(route.Function.Name, invocationId, result.Result.Exception?.Message ?? result.Result.Result);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        await CopyAnswerAsync(context, response).ConfigureAwait(false);
    }

    /// <summary>The trigger's input as the host sends it: the request (method, URL, headers, query, route values) and the route values as metadata.</summary>
    private static (RpcHttp Http, Dictionary<string, TypedData> Metadata) Invocation(HttpRequest request, RouteValueDictionary values)
    {
        var http = new RpcHttp { Method = request.Method, Url = request.GetDisplayUrl() };
        foreach (var (name, value) in request.Headers)
        {
            http.Headers[name.ToLowerInvariant()] = value.ToString();
        }

        foreach (var (name, value) in request.Query)
        {
            http.Query[name] = value.ToString();
        }

        var metadata = new Dictionary<string, TypedData>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            http.Params[name] = value?.ToString() ?? string.Empty;
            metadata[name] = new TypedData { String = value?.ToString() ?? string.Empty };
        }

        return (http, metadata);
    }

    /// <summary>The request as the worker's own HTTP server gets it: body, headers, the invocation id and the forwarded headers.</summary>
    private static HttpRequestMessage Forward(HttpContext context, Uri target, string invocationId)
    {
        var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, value) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
            }
        }

        forward.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);

        // As the host's proxy does (DefaultHttpProxyService: YARP's IHttpForwarder with its default transforms, which Set
        // the X-Forwarded-* headers): the address the request came from, whatever a client wrote, and the scheme and host
        // it used. The scheme is the one the front end reported in X-Forwarded-Proto, as the host's
        // AppServiceHeaderFixupMiddleware takes it on Linux in Azure.
        var scheme = context.Request.Headers["X-Forwarded-Proto"].ToString() is { Length: > 0 } reported ? reported.Split(',')[0].Trim() : context.Request.Scheme;
        Set(forward, "X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        Set(forward, "X-Forwarded-Proto", scheme);
        Set(forward, "X-Forwarded-Host", context.Request.Host.Value ?? string.Empty);
        forward.Headers.Remove("X-Forwarded-Prefix");
        forward.Headers.Remove("Forwarded");
        return forward;
    }

    /// <summary>The worker's answer, as it is: status, headers but hop-by-hop ones, and the body where one is allowed.</summary>
    private static async Task CopyAnswerAsync(HttpContext context, HttpResponseMessage response)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        var hasBody = HasBody(context.Request.Method, context.Response.StatusCode);
        foreach (var (name, value) in hasBody ? response.Headers.Concat(response.Content.Headers) : response.Headers)
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = value.ToArray();
            }
        }

        // Kestrel refuses any write, even of nothing, to a 204 or 304: the refusal fails the request after its status
        // line went out, and the connection is closed under the client's next request on it.
        if (hasBody)
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static void Set(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
    }

    private static bool HasBody(string method, int status) =>
        !HttpMethods.IsHead(method) && status is >= 200 and not StatusCodes.Status204NoContent and not StatusCodes.Status304NotModified;

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function} (invocation {InvocationId}) failed: {Error}")]
    private partial void LogFailed(string function, string invocationId, string error);
}
