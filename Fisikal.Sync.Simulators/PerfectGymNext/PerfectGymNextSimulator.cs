using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>
/// A PerfectGym Next studio's Open API on 127.0.0.1: the shapes and error bodies of the spec, the
/// x-api-key check, and an admin API under <c>/_admin</c> to change the club while a sync runs.
/// </summary>
public sealed class PerfectGymNextSimulator : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    private PerfectGymNextSimulator(WebApplication app, PerfectGymNextSimulatorOptions options, PerfectGymNextStore store)
    {
        _app = app;
        Options = options;
        Store = store;
    }

    public PerfectGymNextSimulatorOptions Options { get; }

    public PerfectGymNextStore Store { get; }

    /// <summary>The base URL as the activation e-mail gives it, ending in /v1.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests answered (any status) per endpoint template, e.g. "GET /v1/customers".</summary>
    public IReadOnlyDictionary<string, int> RequestCounts => _requests;

    public static async Task<PerfectGymNextSimulator> StartAsync(PerfectGymNextSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PerfectGymNextSimulatorOptions();
        var store = new PerfectGymNextStore();
        store.Seed(options.Customers, options.Seed, options.StudioIds);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port.ToString(CultureInfo.InvariantCulture)}");
        var app = builder.Build();
        var simulator = new PerfectGymNextSimulator(app, options, store);
        simulator.Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void Map(WebApplication app)
    {
        var api = app.MapGroup("/v1");
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            _requests.AddOrUpdate($"{http.Request.Method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText}", 1, (_, n) => n + 1);
            return KeyMatches(http.Request.Headers["x-api-key"])
                ? await next(context).ConfigureAwait(false)
                : Error(StatusCodes.Status401Unauthorized, "Authentication failed: missing or wrong x-api-key.", "UNAUTHORIZED");
        });

        api.MapGet("/customers", (string? offset, int? sliceSize, string? customerStatus) => GetCustomers(offset, sliceSize, customerStatus));
        api.MapGet("/customers/{customerId:long}", (long customerId) =>
            Store.Find(customerId) is { } c ? Results.Text(Serialize(c), "application/json") : Error(404, $"Customer {customerId} not found.", "CUSTOMER_NOT_FOUND"));

        // Magicline: HEAD on any path checks a key.
        app.MapMethods("/v1/{**path}", ["HEAD"], (HttpRequest request) =>
            KeyMatches(request.Headers["x-api-key"]) ? Results.Ok() : Results.StatusCode(401));

        var admin = app.MapGroup("/_admin");
        admin.MapGet("/customers", () => Results.Json(new { count = Store.Count }));
        admin.MapPost("/customers", (SimulatedCustomer customer) => Results.Json(Store.Add(customer), Json));
        admin.MapPut("/customers/{id:long}", (long id, SimulatedCustomer customer) =>
            Store.Update(id, _ => customer) is { } updated ? Results.Json(updated, Json) : Results.NotFound());
        admin.MapDelete("/customers/{id:long}", (long id) => Store.Delete(id) ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/customers/{id:long}/malformed", (long id) =>
        {
            Store.MarkMalformed(id);
            return Results.NoContent();
        });
    }

    private IResult GetCustomers(string? offset, int? sliceSize, string? customerStatus)
    {
        var size = sliceSize ?? 100;
        if (size is < 50 or > 500)
        {
            return Error(400, "sliceSize must be between 50 and 500.", "VALIDATION_ERROR");
        }

        long afterId = 0;
        if (!string.IsNullOrEmpty(offset) && !long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out afterId))
        {
            return Error(400, "offset must be the last customer id of the previous slice.", "VALIDATION_ERROR");
        }

        var (slice, hasNext) = Store.Slice(afterId, size, customerStatus);
        var result = new JsonArray();
        foreach (var customer in slice)
        {
            result.Add(JsonNode.Parse(Serialize(customer)));
        }

        var body = new JsonObject
        {
            ["result"] = result,
            ["hasNext"] = hasNext,
            ["offset"] = (slice.Count > 0 ? slice[^1].Id : afterId).ToString(CultureInfo.InvariantCulture),
        };
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private string Serialize(SimulatedCustomer customer)
    {
        var json = JsonSerializer.SerializeToNode(customer, Json)!.AsObject();
        if (Store.IsMalformed(customer.Id))
        {
            // The kind of damage a real feed shows: a field of the wrong type.
            json["status"] = 17;
            json["dateOfBirth"] = new JsonObject { ["year"] = 1990 };
        }

        return json.ToJsonString();
    }

    private bool KeyMatches(string? presented) =>
        presented is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(Options.ApiKey));

    private static IResult Error(int status, string message, string code) =>
        Results.Json(
            new { errorMessage = message, errorCode = code, traceId = Guid.NewGuid().ToString("N") },
            statusCode: status);
}
