using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fisikal.Sync.Simulators.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fisikal.Sync.Simulators.PerfectGymNext;

/// <summary>
/// A PerfectGym Next studio's Open API on 127.0.0.1: the endpoints a sync reads, with the spec's shapes
/// and error bodies, the x-api-key check, the per-endpoint limit with 429s, fault injection, webhooks
/// once activation is confirmed, and an admin API under <c>/_admin</c> to change the club while a sync runs.
/// </summary>
public sealed class PerfectGymNextSimulator : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private int _burst;

    private WebApplication _app = null!;

    private PerfectGymNextSimulator(PerfectGymNextSimulatorOptions options, PerfectGymNextStore store)
    {
        Options = options;
        Store = store;
        RateLimiter = new PerfectGymNextRateLimiter(options.TimeProvider) { LimitPerWindow = options.LimitPerWindow, Window = options.Window, Phase = options.WindowPhase, Style = options.RateLimitStyle };
        Webhooks = new PerfectGymNextWebhookSender(options) { Activated = options.Activated };
        store.Changed += Webhooks.Enqueue;
    }

    public PerfectGymNextSimulatorOptions Options { get; }

    public PerfectGymNextStore Store { get; }

    public PerfectGymNextFaults Faults { get; } = new();

    public PerfectGymNextRateLimiter RateLimiter { get; }

    public PerfectGymNextWebhookSender Webhooks { get; }

    /// <summary>The base URL as the activation e-mail gives it, ending in /v1.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests received (any status) per endpoint, e.g. "GET /v1/customers/{customerId}/contracts".</summary>
    public IReadOnlyDictionary<string, int> RequestCounts => _requests;

    public static async Task<PerfectGymNextSimulator> StartAsync(PerfectGymNextSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PerfectGymNextSimulatorOptions();
        var store = new PerfectGymNextStore(options.TimeProvider);
        store.Seed(options.Customers, options.Seed, options.StudioIds, options.TimeProvider.GetUtcNow());

        var simulator = new PerfectGymNextSimulator(options, store);
        var (app, address) = await LoopbackWebApp.StartAsync(
            a =>
            {
                simulator.MapOpenApi(a);
                simulator.MapAdmin(a);
            },
            options.Port,
            cancellationToken).ConfigureAwait(false);
        simulator._app = app;
        simulator.BaseUrl = new Uri(address, "v1");
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Webhooks.DisposeAsync().ConfigureAwait(false);
    }

    private void MapOpenApi(WebApplication app)
    {
        var api = app.MapGroup("/v1");
        api.AddEndpointFilter(FilterAsync);

        api.MapGet("/customers", (string? offset, int? sliceSize, string? customerStatus) => GetCustomers(offset, sliceSize, customerStatus));
        api.MapGet("/customers/{customerId}", (string customerId) =>
            ParseId(customerId) is { } id && Store.Find(id) is { } c ? Results.Text(Serialize(c), "application/json") : CustomerNotFound(customerId));
        api.MapGet("/customers/{customerId}/contracts", (string customerId, string? status) => GetContracts(customerId, status));
        api.MapGet("/customers/{customerId}/activities/checkins", (string customerId, string? fromDate, string? toDate, int? sliceSize, string? offset) =>
            GetCheckins(customerId, fromDate, toDate, sliceSize, offset));
        api.MapGet("/studios/information", () => Results.Json(
            new { studioId = Options.StudioIds[0], name = "Simulated Studio", country = "Germany", countryCode = "DE", email = "studio@example.test" }, Json));
        api.MapGet("/memberships/membership-offers", () => Results.Json(
            PerfectGymNextStore.Rates.Select((r, i) => new
            {
                id = 500 + i,
                name = r.Name,
                description = $"{r.Name} membership",
                preUseType = "NOT_AVAILABLE",
                limitedOfferingPeriod = new { startDate = "2024-01-01", endDate = "2030-12-31" },
                rateCodes = new[] { new { name = r.Name, identifier = r.Identifier } },
                terms = Array.Empty<object>(),
            }),
            Json));
        api.MapPost("/studios/confirmActivation", () =>
        {
            Webhooks.Activated = true;
            return Results.Ok();
        });

        // Magicline: HEAD on any path checks a key.
        app.MapMethods("/v1/{**path}", ["HEAD"], (HttpRequest request) =>
            KeyMatches(request.Headers["x-api-key"]) ? Results.Ok() : Results.StatusCode(401));
    }

    /// <summary>
    /// What stands before every API call, as the vendor's does: the request is counted, its key checked, its rate limited
    /// (429), and the faults a test asked for (latency, a burst of 503s, random 500s and 503s) applied.
    /// </summary>
    private async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var endpoint = $"{http.Request.Method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText}";
        _requests.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
        if (!KeyMatches(http.Request.Headers["x-api-key"]))
        {
            return Error(401, "Authentication failed: missing or wrong x-api-key.", "UNAUTHORIZED");
        }

        if (RateLimiter.TryAdmit(endpoint) is { } retryAfter)
        {
            if (RateLimiter.Style == RateLimitStyle.RetryAfterUntilWindowEnds)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }


            return Error(429, "Access denied - rate limit is exceeded.", "RATE_LIMIT_EXCEEDED");
        }

        if (Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Latency, Options.TimeProvider).ConfigureAwait(false);
        }

        if (Interlocked.Decrement(ref _burst) >= 0)
        {
            return Error(503, "Service unavailable.", "SERVICE_UNAVAILABLE");
        }

        var roll = Random.Shared.NextDouble();
        if (roll < Faults.ServerErrorRate)
        {
            return Error(500, "Unexpected system error.", "INTERNAL_ERROR");
        }

        if (roll < Faults.ServerErrorRate + Faults.UnavailableRate)
        {
            return Error(503, "Service unavailable.", "SERVICE_UNAVAILABLE");
        }

        return await next(context).ConfigureAwait(false);
    }

    private void MapAdmin(WebApplication app)
    {
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
        admin.MapPost("/customers/{id:long}/contracts", (long id, SimulatedContract contract) =>
            Store.Find(id) is null ? Results.NotFound() : Results.Json(Store.AddContract(id, contract), Json));
        admin.MapPut("/contracts/{id:long}", (long id, SimulatedContract contract) =>
            Store.UpdateContract(id, _ => contract) is { } updated ? Results.Json(updated, Json) : Results.NotFound());
        admin.MapDelete("/contracts/{id:long}", (long id) => Store.DeleteContract(id) ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/customers/{id:long}/checkins", (long id, AdminCheckin checkin) =>
            Store.Find(id) is null
                ? Results.NotFound()
                : Results.Json(Store.AddCheckin(id, checkin.At ?? Options.TimeProvider.GetUtcNow(), checkin.StudioId ?? Options.StudioIds[0]), Json));
        admin.MapPut("/faults", (AdminFaults faults) =>
        {
            Faults.ServerErrorRate = faults.ServerErrorRate ?? Faults.ServerErrorRate;
            Faults.UnavailableRate = faults.UnavailableRate ?? Faults.UnavailableRate;
            Faults.Latency = faults.LatencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : Faults.Latency;
            Faults.RepeatLastRecordAcrossSlices = faults.RepeatLastRecordAcrossSlices ?? Faults.RepeatLastRecordAcrossSlices;
            BurstUnavailable(faults.UnavailableBurst ?? 0);
            return Results.NoContent();
        });
        admin.MapPut("/limits", (AdminLimits limits) =>
        {
            RateLimiter.LimitPerWindow = limits.LimitPerWindow;
            return Results.NoContent();
        });
        admin.MapGet("/stats", () => Results.Json(new
        {
            requests = RequestCounts,
            rejected = RateLimiter.Rejected,
            webhooks = new { activated = Webhooks.Activated, delivered = Webhooks.Delivered, failed = Webhooks.Failed },
        }));
    }

    /// <summary>The next <paramref name="requests"/> API requests are answered 503.</summary>
    public void BurstUnavailable(int requests) => Interlocked.Exchange(ref _burst, requests);

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

        if (Options.AdditiveCustomerOffsets)
        {
            var all = Store.All().Where(c => customerStatus is null || c.Status == customerStatus).ToList();
            var page = all.Skip((int)afterId).Take(size).Select(c => JsonNode.Parse(Serialize(c))).ToArray();
            var additive = new JsonObject
            {
                ["result"] = new JsonArray(page),
                ["hasNext"] = afterId + page.Length < all.Count,
                ["offset"] = (afterId + page.Length).ToString(CultureInfo.InvariantCulture),
            };
            return Results.Text(additive.ToJsonString(), "application/json");
        }

        var (slice, hasNext) = Store.Slice(afterId, size, customerStatus);
        var result = new JsonArray();
        foreach (var customer in slice)
        {
            result.Add(JsonNode.Parse(Serialize(customer)));
        }

        // Fault: the next slice starts one record early, so the last record is seen twice.
        var last = slice.Count == 0 ? afterId : Faults.RepeatLastRecordAcrossSlices && hasNext && slice.Count > 1 ? slice[^2].Id : slice[^1].Id;
        var body = new JsonObject { ["result"] = result, ["hasNext"] = hasNext, ["offset"] = last.ToString(CultureInfo.InvariantCulture) };
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private IResult GetContracts(string customerId, string? status)
    {
        if (ParseId(customerId) is not { } id || Store.Find(id) is null)
        {
            return CustomerNotFound(customerId);
        }

        if (status is not (null or "ACTIVE" or "INACTIVE"))
        {
            return Error(400, "status must be ACTIVE or INACTIVE.", "VALIDATION_ERROR");
        }

        var contracts = Store.Contracts(id).Where(c => status is null || c.ContractStatus == status).Select(ToSpecShape);
        return Results.Json(contracts, Json);
    }

    private IResult GetCheckins(string customerId, string? fromDate, string? toDate, int? sliceSize, string? offset)
    {
        if (ParseId(customerId) is not { } id || Store.Find(id) is null)
        {
            return CustomerNotFound(customerId);
        }

        // The dates are the studio's (its zone, not UTC), as a club's own screens count them.
        var today = PublishedDateTimes.StudioDate(Options.TimeProvider.GetUtcNow());
        if (!TryDate(fromDate, today.AddMonths(-1), out var from) || !TryDate(toDate, today, out var to))
        {
            return Error(400, "fromDate and toDate must be dates (yyyy-MM-dd).", "VALIDATION_ERROR");
        }

        if (to < from || to.DayNumber - from.DayNumber > 365)
        {
            return Error(400, "toDate must not be before fromDate nor more than 365 days after it.", "VALIDATION_ERROR");
        }

        var size = sliceSize ?? 10;
        if (size is < 1 or > 50)
        {
            return Error(400, "sliceSize must be between 1 and 50.", "VALIDATION_ERROR");
        }

        // Check-ins page the additive way: offset is how many were already returned.
        if (!int.TryParse(offset ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
        {
            return Error(400, "offset must be a number.", "VALIDATION_ERROR");
        }

        var matching = Store.Checkins(id)
            .Where(c => PublishedDateTimes.StudioDate(c.CheckInDateTime) is var d && d >= from && d <= to)
            .OrderBy(c => c.CheckInDateTime)
            .ToList();
        var slice = matching.Skip(skip).Take(size).Select(c => new
        {
            checkinId = c.CheckinId,
            checkInDateTime = PublishedDateTimes.WithOffset(c.CheckInDateTime),
            checkOutDateTime = c.CheckOutDateTime is { } o ? PublishedDateTimes.WithOffset(o) : null,
            studioId = c.StudioId,
            studioName = c.StudioName,
        }).ToList();
        return Results.Json(new { result = slice, hasNext = skip + slice.Count < matching.Count, offset = (skip + slice.Count).ToString(CultureInfo.InvariantCulture) }, Json);
    }

    private static object ToSpecShape(SimulatedContract c) => new
    {
        id = c.Id,
        createdDate = c.CreatedDate,
        startDate = c.StartDate,
        endDate = c.EndDate,
        rateName = c.RateName,
        rateCodes = c.RateCodes.Select(r => new { name = r.Name, identifier = r.Identifier }),
        contractStatus = c.ContractStatus,
        cancelled = c.Cancelled,
        cancellationDate = c.CancellationDate,
        price = 49.90m,
        priceDetails = new { basePrice = new { amount = 49.90m, currency = "EUR" }, currentPrice = new { amount = 49.90m, currency = "EUR" }, paymentFrequency = new { type = "RECURRING" } },
        lastPossibleCancellationDate = c.EndDate,
        term = new { periodValue = 12, periodUnit = "MONTH" },
        extensionTerm = new { periodValue = 1, periodUnit = "MONTH" },
        moduleContracts = c.ModuleContracts.Select(SubShape),
        flatFeeContracts = c.FlatFeeContracts.Select(SubShape),
    };

    private static object SubShape(SimulatedSubContract s) => new
    {
        id = s.Id,
        rateName = s.RateName,
        startDate = s.StartDate,
        endDate = s.EndDate,
        paymentFrequency = s.PaymentFrequency,
        price = s.Price,
        priceDetails = new { basePrice = new { amount = s.Price, currency = "EUR" }, currentPrice = new { amount = s.Price, currency = "EUR" }, paymentFrequency = new { type = s.PaymentFrequency } },
        cancelled = s.Cancelled,
        contractStatus = s.ContractStatus,
    };

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

    private bool KeyMatches(string? presented) => Secrets.Match(presented, Options.ApiKey);

    private static long? ParseId(string value) => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static bool TryDate(string? value, DateOnly fallback, out DateOnly date)
    {
        if (string.IsNullOrEmpty(value))
        {
            date = fallback;
            return true;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static IResult CustomerNotFound(string customerId) => Error(404, $"Customer {customerId} not found.", "CUSTOMER_NOT_FOUND");

    private static IResult Error(int status, string message, string code) =>
        Results.Json(new { errorMessage = message, errorCode = code, traceId = Guid.NewGuid().ToString("N") }, statusCode: status);

    /// <summary>The admin API's check-in body.</summary>
    public sealed record AdminCheckin(DateTimeOffset? At, long? StudioId);

    /// <summary>The admin API's fault settings; absent fields stay as they are.</summary>
    public sealed record AdminFaults(double? ServerErrorRate, double? UnavailableRate, int? LatencyMs, bool? RepeatLastRecordAcrossSlices, int? UnavailableBurst);

    public sealed record AdminLimits(int LimitPerWindow);
}
