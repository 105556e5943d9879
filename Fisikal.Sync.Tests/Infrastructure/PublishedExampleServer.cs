using System.Text.Json.Nodes;
using Fisikal.Sync.Simulators.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// A PerfectGym Next studio on 127.0.0.1 that answers each endpoint the connector calls with the vendor's published
/// example (<see cref="PublishedExamples"/>), nothing of ours. A sliced endpoint answers its example for the first
/// slice and an empty last slice after the example's offset, so a client's paging ends.
/// </summary>
public sealed class PublishedExampleServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PublishedExampleServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The studio's base URL, ending in /v1/.</summary>
    public Uri BaseUrl { get; }

    public Dictionary<string, JsonNode> Responses { get; } = new(StringComparer.Ordinal)
    {
        ["customers"] = PublishedExamples.PerfectGymNextResponse("getCustomers", "openapi/getcustomers.md"),
        ["customer"] = PublishedExamples.PerfectGymNextResponse("getCustomerById", "openapi/getcustomerbyid.md"),
        ["contracts"] = PublishedExamples.PerfectGymNextResponse("getCustomersContracts", "openapi/getcustomerscontracts.md"),
        ["checkins"] = PublishedExamples.PerfectGymNextResponse("getCustomersCheckinHistory", "openapi/getcustomerscheckinhistory.md"),
        ["studio"] = PublishedExamples.PerfectGymNextResponse("getStudioInformation", "openapi/getstudioinformation.md"),
        ["offers"] = PublishedExamples.PerfectGymNextResponse("getMembershipOffers", "openapi/getmembershipoffers.md"),
    };

    public static async Task<PublishedExampleServer> StartAsync()
    {
        PublishedExampleServer? server = null;
        var (app, address) = await LoopbackWebApp.StartAsync(app =>
        {
            app.MapGet("/v1/customers", (string? offset) => server!.Slice("customers", offset));
            app.MapGet("/v1/customers/{id}", (string id) => server!.Json("customer"));
            app.MapGet("/v1/customers/{id}/contracts", (string id) => server!.Json("contracts"));
            app.MapGet("/v1/customers/{id}/activities/checkins", (string id, string? offset) => server!.Slice("checkins", offset));
            app.MapGet("/v1/studios/information", () => server!.Json("studio"));
            app.MapGet("/v1/memberships/membership-offers", () => server!.Json("offers"));
        });
        server = new PublishedExampleServer(app, new Uri(address, "v1/"));
        return server;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseUrl };

    private IResult Json(string name) => Results.Text(Responses[name].ToJsonString(), "application/json");

    private IResult Slice(string name, string? offset) =>
        string.IsNullOrEmpty(offset)
            ? Json(name)
            : Results.Text(new JsonObject { ["result"] = new JsonArray(), ["hasNext"] = false, ["offset"] = offset }.ToJsonString(), "application/json");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
