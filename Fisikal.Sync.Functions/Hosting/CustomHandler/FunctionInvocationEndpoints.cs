using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fisikal.Sync.Functions.Hosting.Standalone;

namespace Fisikal.Sync.Functions.Hosting.CustomHandler;

/// <summary>
/// The custom handler's side of the Functions host contract: <c>POST /{FunctionName}</c> with the host's
/// payload. Queue and timer functions run and answer <c>{"Outputs":{},"Logs":[],"ReturnValue":null}</c>;
/// a failure answers 500, so the host retries and, after maxDequeueCount, poisons. HTTP functions are
/// forwarded to this app's own route on 127.0.0.1 and answered as the host's <c>res</c> output.
/// Mapped only when the host started the handler (it alone can reach the port).
/// </summary>
public static class FunctionInvocationEndpoints
{
    private static readonly string[] HopByHop = ["Host", "Content-Length", "Transfer-Encoding", "Connection"];

    public static IEndpointRouteBuilder MapFunctionInvocations(this IEndpointRouteBuilder app, string port)
    {
        var self = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        foreach (var name in FunctionCatalog.Queues.Select(q => q.Name))
        {
            app.MapPost("/" + name, (JsonElement body, IEnumerable<IQueueFunction> functions, CancellationToken cancellationToken) =>
                RunQueueFunctionAsync(functions.Single(f => f.Name == name), HostInvocation.Parse(body), cancellationToken));
        }

        app.MapPost("/" + FunctionCatalog.SchedulerFunction, async (ScheduleDispatcher dispatcher, CancellationToken cancellationToken) =>
        {
            await dispatcher.RunDueAsync(cancellationToken).ConfigureAwait(false);
            return Done();
        });

        foreach (var function in FunctionCatalog.Http)
        {
            app.MapPost("/" + function.Name, (JsonElement body, CancellationToken cancellationToken) =>
                ForwardHttpAsync(self, HostInvocation.Parse(body), cancellationToken));
        }

        return app;
    }

    private static async Task<IResult> RunQueueFunctionAsync(IQueueFunction function, HostInvocation invocation, CancellationToken cancellationToken)
    {
        var message = invocation.Text("message");
        if (message is null)
        {
            return Results.Json(Outputs(logs: [$"{function.Name}: the invocation has no 'message' binding."]), statusCode: 400);
        }

        try
        {
            await QueueFunctionRunner.RunAsync(function, message, invocation.Number("DequeueCount") ?? 1, invocation.Date("InsertionTime"), cancellationToken).ConfigureAwait(false);
            return Done();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Results.Json(Outputs(logs: [$"{function.Name} failed: {ex.GetType().Name}: {ex.Message}"]), statusCode: 500);
        }
    }

    private static async Task<IResult> ForwardHttpAsync(HttpClient self, HostInvocation invocation, CancellationToken cancellationToken)
    {
        var req = invocation.Binding("req");
        if (HostInvocation.Property(req, "Url").GetString() is not { } urlText || !Uri.TryCreate(urlText, UriKind.Absolute, out var url))
        {
            return Results.Json(Outputs(logs: ["The invocation has no 'req' binding with a Url."]), statusCode: 400);
        }

        using var request = new HttpRequestMessage(new HttpMethod(HostInvocation.Property(req, "Method").GetString() ?? "GET"), url.PathAndQuery);
        var b = HostInvocation.Property(req, "Body");
        var body = b.ValueKind switch
        {
            JsonValueKind.String => b.GetString(),
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            _ => b.GetRawText(),
        };
        if (!string.IsNullOrEmpty(body))
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = null;
        }

        var headers = HostInvocation.Property(req, "Headers");
        if (headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject().Where(h => !HopByHop.Contains(h.Name, StringComparer.OrdinalIgnoreCase)))
            {
                var values = header.Value.ValueKind == JsonValueKind.Array
                    ? header.Value.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToArray()
                    : [header.Value.GetString() ?? string.Empty];
                if (!request.Headers.TryAddWithoutValidation(header.Name, values))
                {
                    request.Content?.Headers.TryAddWithoutValidation(header.Name, values);
                }
            }
        }

        using var response = await self.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var responseHeaders = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var res = new Dictionary<string, object?>
        {
            ["statusCode"] = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["body"] = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false),
            ["headers"] = responseHeaders,
        };
        return Results.Json(Outputs(new Dictionary<string, object?> { ["res"] = res }));
    }

    private static IResult Done() => Results.Json(Outputs());

    private static Dictionary<string, object?> Outputs(Dictionary<string, object?>? outputs = null, string[]? logs = null) => new()
    {
        ["Outputs"] = outputs ?? new Dictionary<string, object?>(),
        ["Logs"] = logs ?? [],
        ["ReturnValue"] = null,
    };
}
