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

    [Fact]
    public async Task Through_the_host_each_client_address_has_its_own_limit_and_a_forged_X_Forwarded_For_changes_nothing()
    {
        // The emulator, as the host, sets X-Forwarded-For to the address it was called from; the worker believes the host.
        using var second = From(IPAddress.Parse("127.0.0.2"));
        var fromSecond = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Headers = { { "X-Forwarded-For", "127.0.0.1" } }, // a client's own claim, replaced by the host
                Content = JsonContent.Create(new { username = $"second{i}@example.test", password = "x" }),
            };
            fromSecond.Add((await second.SendAsync(request)).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 8).Append(HttpStatusCode.TooManyRequests), fromSecond);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("first@example.test", "x")); // 127.0.0.1 has its own
    }

    [Fact]
    public async Task The_status_cookie_is_Secure_when_the_front_end_says_the_browser_came_over_https()
    {
        using var browser = From(IPAddress.Loopback);
        foreach (var (forwardedProto, secure) in new[] { ("https", true), ((string?)null, false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/status/sign-in") { Content = new FormUrlEncodedContent([new("key", SyncApp.AdminKey)]) };
            if (forwardedProto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            }

            using var response = await browser.SendAsync(request);

            var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
            Assert.Equal(secure, cookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>A client of the app whose connections come from <paramref name="address"/> (any of 127.0.0.0/8 is this machine).</summary>
    private HttpClient From(IPAddress address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    { BaseAddress = _app.Anonymous.BaseAddress };

    private async Task<HttpStatusCode> LoginStatusAsync(string username, string password)
    {
        using var response = await _app.Http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username, password });
        return response.StatusCode;
    }
}
