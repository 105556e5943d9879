using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Fisikal.Sync.HostEmulator.TestWorker;

/// <summary>HTTP functions that answer with what they were sent, or with no content, and one that takes the worker down.</summary>
public sealed class HttpFunctions
{
    [Function("Echo")]
    public static async Task<IActionResult> EchoAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", Route = "echo/{name}/{id:int}")] HttpRequest request, string name, int id)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        request.HttpContext.Response.Headers["x-echo-name"] = name;
        return new ObjectResult(new { name, id, method = request.Method, query = request.Query["q"].ToString(), header = request.Headers["x-test"].ToString(), body })
        {
            StatusCode = StatusCodes.Status201Created,
        };
    }

    [Function("Health")]
    public static IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        new OkObjectResult(new { status = "Healthy" });

    [Function("Forget")]
    public static IActionResult Forget([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "things/{id}")] HttpRequest request, string id) =>
        new NoContentResult();

    [Function("Crash")]
    public static IActionResult Crash([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "crash")] HttpRequest request)
    {
        Environment.Exit(3);
        return new OkResult();
    }
}
