using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fisikal.Sync.Simulators.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fisikal.Sync.Simulators.PerfectGymClassic;

/// <summary>
/// A PerfectGym classic (PGM) club's API on 127.0.0.1: OData v2.2 entity sets at <c>/Api/v2.2/odata/{set}</c>
/// (<c>$filter</c>, <c>$orderby</c>, <c>$top</c>, pages of <see cref="PerfectGymClassicSimulatorOptions.PageSize"/>
/// with an <c>@odata.nextLink</c> that continues after the last row's sort key, so rows changed while a client
/// pages are met again later, never skipped), the X-Client-Id / X-Client-Secret check, the v1
/// <c>POST /Api/Users/ValidateCredentials</c>, fault injection, and an admin API under <c>/_admin</c>.
/// Sets without a version (Products) refuse a <c>version</c> filter with 400, as PGM does.
/// </summary>
public sealed class PerfectGymClassicSimulator : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, bool> _malformedMembers = new();
    private WebApplication _app = null!;

    private PerfectGymClassicSimulator(PerfectGymClassicSimulatorOptions options, PerfectGymClassicStore store)
    {
        Options = options;
        Store = store;
    }

    public PerfectGymClassicSimulatorOptions Options { get; }

    public PerfectGymClassicStore Store { get; }

    public PerfectGymClassicFaults Faults { get; } = new();

    /// <summary>The club's site root, as an operator enters it (e.g. https://club.perfectgym.com).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    private string Root => BaseUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>Requests received (any status), e.g. "GET Members", "POST ValidateCredentials".</summary>
    public IReadOnlyDictionary<string, int> RequestCounts => _requests;

    public static async Task<PerfectGymClassicSimulator> StartAsync(PerfectGymClassicSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PerfectGymClassicSimulatorOptions();
        var store = new PerfectGymClassicStore();
        store.Seed(options.Members, options.Seed, options.ClubIds, options.TimeProvider.GetUtcNow());
        var simulator = new PerfectGymClassicSimulator(options, store);
        var (app, address) = await LoopbackWebApp.StartAsync(
            a =>
            {
                simulator.MapApi(a);
                simulator.MapAdmin(a);
            },
            options.Port,
            cancellationToken).ConfigureAwait(false);
        simulator._app = app;
        simulator.BaseUrl = new Uri(address.AbsoluteUri.TrimEnd('/'));
        return simulator;
    }

    /// <summary>The member's next reads carry a birthdate the API's schema can't have (a malformed record).</summary>
    public void MarkMalformed(long memberId) => _malformedMembers[memberId] = true;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void MapApi(WebApplication app)
    {
        var api = app.MapGroup("/Api");
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var what = http.Request.RouteValues.TryGetValue("set", out var set) ? $"{http.Request.Method} {set}" : $"{http.Request.Method} {http.Request.Path.Value?.Split('/')[^1]}";
            _requests.AddOrUpdate(what, 1, (_, n) => n + 1);
            if (!Secrets.Match(http.Request.Headers["X-Client-Id"], Options.ClientId) || !Secrets.Match(http.Request.Headers["X-Client-Secret"], Options.ClientSecret))
            {
                return Errors(401, "Unauthorized", "The API client id or secret is not valid.");
            }

            if (Faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(Faults.Latency, Options.TimeProvider).ConfigureAwait(false);
            }

            if (Faults.Down)
            {
                return Errors(503, "ServiceUnavailable", "Service unavailable.");
            }

            if (Random.Shared.NextDouble() < Faults.ServerErrorRate)
            {
                return Errors(500, "InternalError", "An error has occurred.");
            }

            return await next(context).ConfigureAwait(false);
        });

        api.MapGet("/v2.2/odata/{set}", (string set, HttpRequest request) => Query(set, request));
        api.MapPost("/Users/ValidateCredentials", (CredentialsBody body) =>
            body.UserName is { Length: > 0 } user && body.Password is { } password && Store.CheckCredentials(user, password) is { } member
                ? Results.Json(member, Json)
                : Errors(Faults.WrongCredentialsStatus, "InvalidCredentials", "Invalid user name or password."));
    }

    private IResult Query(string set, HttpRequest request)
    {
        if (!Store.Has(set))
        {
            return Errors(404, "NotFound", $"No entity set '{set}'.");
        }

        var filterText = request.Query["$filter"].ToString();
        var orderBy = request.Query["$orderby"].ToString() is { Length: > 0 } o ? o.Trim() : "id";
        ODataFilter filter;
        try
        {
            filter = ODataFilter.Parse(filterText);
        }
        catch (FormatException ex)
        {
            return Errors(400, "InvalidFilter", ex.Message);
        }

        var descending = orderBy.EndsWith(" desc", StringComparison.OrdinalIgnoreCase);
        orderBy = descending ? orderBy[..^5].Trim() : orderBy;
        if (orderBy is not ("id" or "version"))
        {
            return Errors(400, "InvalidOrderBy", $"$orderby '{orderBy}' is not supported.");
        }

        if (!Store.IsVersioned(set) && (orderBy == "version" || filter.Properties.Contains("version", StringComparer.OrdinalIgnoreCase)))
        {
            return Errors(400, "InvalidFilter", $"The entity set '{set}' has no property 'version'.");
        }

        long? after = long.TryParse(request.Query["$skiptoken"], CultureInfo.InvariantCulture, out var token) ? token : null;
        var top = int.TryParse(request.Query["$top"], CultureInfo.InvariantCulture, out var t) ? Math.Max(0, t) : (int?)null;
        var pageSize = Math.Min(top ?? int.MaxValue, Options.PageSize);
        var rows = Store.Query(set, r => filter.Matches(r) && (after is null || (descending ? r[orderBy]!.GetValue<long>() < after : r[orderBy]!.GetValue<long>() > after)), orderBy);
        if (descending)
        {
            rows.Reverse();
        }

        var skip = int.TryParse(request.Query["$skip"], CultureInfo.InvariantCulture, out var k) ? Math.Max(0, k) : 0;
        var page = rows.Skip(skip).Take(pageSize).ToList();
        var body = new JsonObject
        {
            ["@odata.context"] = $"{Root}/Api/v2.2/odata/$metadata#{set}",
            ["value"] = new JsonArray([.. page.Select(row => (JsonNode)Shape(set, row))]),
        };
        if (rows.Count > skip + page.Count && top is null)
        {
            body["@odata.nextLink"] = NextLink(set, filterText, orderBy, descending, Options.SkipNextLinks ? skip + page.Count : page[^1][orderBy]!.GetValue<long>());
            Faults.BetweenPages?.Invoke(set);
        }

        return Results.Text(body.ToJsonString(), "application/json; odata.metadata=minimal");
    }

    /// <summary>The next page's link, as PGM writes it: the same filter and order, and where to go on from (a skip token, or $skip in that mode).</summary>
    private string NextLink(string set, string filterText, string orderBy, bool descending, long from)
    {
        var next = new StringBuilder($"{Root}/Api/v2.2/odata/{set}?");
        if (filterText.Length > 0)
        {
            next.Append("$filter=").Append(Uri.EscapeDataString(filterText)).Append('&');
        }

        next.Append("$orderby=").Append(orderBy).Append(descending ? "%20desc" : string.Empty);
        next.Append(Options.SkipNextLinks ? "&$skip=" : "&$skiptoken=").Append(from.ToString(CultureInfo.InvariantCulture));
        return next.ToString();
    }

    private JsonObject Shape(string set, JsonObject row)
    {
        if (set.Equals(PerfectGymClassicStore.Members, StringComparison.OrdinalIgnoreCase) && _malformedMembers.ContainsKey(row["id"]!.GetValue<long>()))
        {
            row["birthdate"] = new JsonArray(1, 2, 3);
        }

        return row;
    }

    private void MapAdmin(WebApplication app)
    {
        var admin = app.MapGroup("/_admin");
        admin.MapGet("/{set}", (string set) => Store.Has(set) ? Results.Json(new { count = Store.Count(set) }) : Results.NotFound());
        admin.MapPost("/{set}", (string set, JsonObject row) => Store.Has(set) ? Results.Json(Store.Add(set, row), Json) : Results.NotFound());
        admin.MapPatch("/{set}/{id:long}", (string set, long id, JsonObject changes) =>
            Store.Has(set) && Store.Update(set, id, row =>
            {
                foreach (var (name, value) in changes)
                {
                    row[name] = value?.DeepClone();
                }
            }) is { } updated
                ? Results.Json(updated, Json)
                : Results.NotFound());
        admin.MapDelete("/{set}/{id:long}", (string set, long id) => Store.Has(set) && Store.Delete(set, id) ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/members/{id:long}/malformed", (long id) =>
        {
            MarkMalformed(id);
            return Results.NoContent();
        });
        admin.MapPost("/credentials", (AdminCredentials c) =>
        {
            Store.SetCredentials(c.UserName, c.Password, c.MemberId);
            return Results.NoContent();
        });
        admin.MapPut("/faults", (AdminFaults f) =>
        {
            Faults.ServerErrorRate = f.ServerErrorRate ?? Faults.ServerErrorRate;
            Faults.Latency = f.LatencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : Faults.Latency;
            Faults.Down = f.Down ?? Faults.Down;
            return Results.NoContent();
        });
        admin.MapGet("/stats", () => Results.Json(new { requests = RequestCounts }));
    }

    private static IResult Errors(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { message, code, property = (string?)null } } }, Json, statusCode: status);

    private sealed record CredentialsBody(string? UserName, string? Password);

    private sealed record AdminCredentials(string UserName, string Password, long MemberId);

    private sealed record AdminFaults(double? ServerErrorRate, int? LatencyMs, bool? Down);
}
