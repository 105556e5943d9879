using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Fisikal.Sync.Simulators.PerfectGymClassic;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Auth;

/// <summary>The request limits on the login routes (ASP.NET Core rate limiting): per user name, and per client IP.</summary>
public sealed class LoginRateLimitTests : IAsyncLifetime
{
    private PerfectGymClassicSimulator _club = null!;
    private SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        _club = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 3 });
        var settings = TestAppSettings.ForClassic(_club, "pgm");
        settings["Auth:SessionSigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        settings["Auth:AttemptsPerUserNamePerMinute"] = "3";
        settings["Auth:AttemptsPerIpPerMinute"] = "8";
        settings["Auth:FailuresBeforeLockout"] = "100";
        _app = await SyncApp.StartAsync(customers: 0, settings: settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _club.DisposeAsync();
    }

    [Fact]
    public async Task A_user_name_gets_a_few_attempts_a_minute_then_429_and_the_whole_address_a_few_more()
    {
        var member = _club.Store.Query(PerfectGymClassicStore.Members, _ => true, "id")[0]["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await LoginStatusAsync("member0@example.test", $"pass-{member}"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // Other names go on until the address's own limit (8 a minute; 4 used).
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync($"someone{i}@example.test", "x"));
        }

        using var limited = await _app.Http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = "fresh@example.test", password = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpStatusCode> LoginStatusAsync(string username, string password)
    {
        using var response = await _app.Http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username, password });
        return response.StatusCode;
    }
}
