using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.PerfectGymClassic;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fisikal.Sync.Tests.Auth;

/// <summary>
/// Logins as an app backend calls them, against the real app, Azurite and the PGM simulator: platform passwords,
/// PGM credentials as the fallback, member tokens, lockout, and a source outage.
/// </summary>
public sealed class LoginTests : IAsyncLifetime
{
    private const string Pgm = "pgm";
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _memberTokenKey = RandomNumberGenerator.GetBytes(32);
    private PerfectGymClassicSimulator _club = null!;
    private SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        _club = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 12 });
        var settings = TestAppSettings.ForClassic(_club, Pgm);
        settings["Auth:SessionSigningKey"] = Convert.ToBase64String(_signingKey);
        settings["Auth:MemberTokenKey"] = Convert.ToBase64String(_memberTokenKey);
        settings["Auth:FailuresBeforeLockout"] = "3";
        settings["Auth:AttemptsPerIpPerMinute"] = "10000"; // every test calls from 127.0.0.1; the per-address limit has LoginRateLimitTests
        _app = await SyncApp.StartAsync(customers: 0, settings: settings);
        var packages = _app.Table(TableNames.Packages);
        await packages.CreateIfNotExistsAsync();
        foreach (var (id, _) in PerfectGymClassicStore.SeededPaymentPlans)
        {
            await packages.UpsertEntityAsync(new TableEntity(Pgm, $"payment_plan_{id}") { ["Active"] = true });
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _club.DisposeAsync();
    }

    [Fact]
    public async Task A_platform_password_gives_a_signed_short_lived_session_for_the_client()
    {
        await _app.RunInitialSyncAsync(integration: Pgm);
        var member = Member(3);
        using (var put = await AdminPutAsync("Front.Desk@Example.test", new { password = "platform-pass-123", clientId = member, integration = Pgm }))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var stored = (await _app.Table(TableNames.Credentials).GetEntityAsync<TableEntity>("platform", "front.desk@example.test")).Value;
        Assert.Matches(@"^pbkdf2-sha256\$600000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$", stored.GetString("PasswordHash"));
        Assert.Equal(member, stored.GetString("ClientId"));

        using var response = await LoginAsync("front.desk@example.test", "platform-pass-123");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", session.GetProperty("tokenType").GetString());
        Assert.Equal(member, session.GetProperty("clientId").GetString());
        Assert.Equal(Pgm, session.GetProperty("integration").GetString());
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(session.GetProperty("token").GetString(), new TokenValidationParameters
        {
            ValidIssuer = "fisikal-sync",
            ValidateAudience = false,
            IssuerSigningKey = new SymmetricSecurityKey(_signingKey),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        });
        Assert.True(validated.IsValid, validated.Exception?.Message);
        var jwt = (JsonWebToken)validated.SecurityToken;
        Assert.Equal(member, jwt.Subject);
        Assert.Equal(Pgm, jwt.GetClaim("integration").Value);
        Assert.InRange(jwt.ValidTo - jwt.IssuedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Equal(jwt.ValidTo, session.GetProperty("expiresAt").GetDateTimeOffset().UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task PerfectGym_credentials_log_in_a_member_the_sync_has_not_reached_and_sync_them_on_the_spot()
    {
        var member = Member(5);
        Assert.Null(await _app.Table(TableNames.Clients).GetEntityOrNullAsync(Pgm, member));

        using var response = await LoginAsync("member5@example.test", $"pass-{member}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(member, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientId").GetString());
        var client = (await _app.Table(TableNames.Clients).GetEntityAsync<TableEntity>(Pgm, member)).Value;
        Assert.Equal("Active", client.GetString("Status"));
        var contract = _club.Store.Query(PerfectGymClassicStore.Contracts, c => c["memberId"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture) == member, "id")[0];
        var package = Assert.Single(await _app.RowsAsync(TableNames.ClientPackages, $"{Pgm}:{member}"), r => r.RowKey == $"contract:{contract["id"]}");
        Assert.Equal($"payment_plan_{contract["paymentPlanId"]}", package.GetString("PackageAltId"));
        Assert.True(_club.RequestCounts.GetValueOrDefault("POST ValidateCredentials") >= 1);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        using var wrong = await LoginAsync("member1@example.test", "not-it");
        using var unknown = await LoginAsync("nobody@example.test", "not-it");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Problem(await wrong.Content.ReadAsStringAsync()), Problem(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_user_name_out_even_for_the_right_password_then_other_names_still_work()
    {
        var member = Member(2);
        for (var i = 0; i < 3; i++)
        {
            using var failed = await LoginAsync("member2@example.test", "guess-" + i.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var locked = await LoginAsync("MEMBER2@example.test", $"pass-{member}");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 30, 60);

        using var other = await LoginAsync("member4@example.test", $"pass-{Member(4)}");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_source_outage_answers_503_not_401_and_does_not_count_as_a_failure()
    {
        var member = Member(6);
        _club.Faults.Down = true;
        for (var i = 0; i < 4; i++)
        {
            using var down = await LoginAsync("member6@example.test", $"pass-{member}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.True(down.Headers.Contains("Retry-After"));
        }

        _club.Faults.Down = false;
        using var back = await LoginAsync("member6@example.test", $"pass-{member}");
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task A_source_too_slow_for_a_login_answers_503_within_the_interactive_timeout_not_500()
    {
        // A person is waiting: the credential check and the on-the-spot sync get one short try each.
        await using var app = await StartAppAsync($"Integrations:{Pgm}:Resilience:InteractiveTimeout", "00:00:00.300");
        _club.Faults.Latency = TimeSpan.FromMilliseconds(600);
        var member = Member(7);

        using var response = await app.Anonymous.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = "member7@example.test", password = $"pass-{member}" });

        _club.Faults.Latency = TimeSpan.Zero;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_password_goes_only_to_the_club_it_is_for_and_with_two_clubs_the_integration_must_be_named()
    {
        await using var other = await PerfectGymClassicSimulator.StartAsync(new PerfectGymClassicSimulatorOptions { Members = 3 });
        var settings = TestAppSettings.ForClassic(_club, Pgm);
        foreach (var (key, value) in TestAppSettings.ForClassic(other, "pgm-other"))
        {
            settings[key] = value;
        }

        settings["Auth:SessionSigningKey"] = Convert.ToBase64String(_signingKey);
        await using var app = await SyncApp.StartAsync(customers: 0, settings: settings);
        var member = Member(8);

        using var unnamed = await app.Anonymous.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = "member8@example.test", password = $"pass-{member}" });
        using var unknown = await app.Anonymous.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = "member8@example.test", password = $"pass-{member}", integration = "nope" });
        using var named = await app.Anonymous.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = "member8@example.test", password = $"pass-{member}", integration = Pgm });

        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal("application/problem+json", unnamed.Content.Headers.ContentType?.MediaType);
        Assert.Contains("integration", await unnamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(Pgm, (await named.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("integration").GetString());

        // Club A's member's password reached club A, and never the other club.
        Assert.Equal(0, other.RequestCounts.GetValueOrDefault("POST ValidateCredentials"));
    }

    [Fact]
    public async Task Fifty_parallel_wrong_passwords_reach_the_password_check_at_most_the_lockout_count()
    {
        var before = _club.RequestCounts.GetValueOrDefault("POST ValidateCredentials");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await LoginAsync("member9@example.test", "guess-" + i.ToString(CultureInfo.InvariantCulture));
            return response.StatusCode;
        }));

        Assert.InRange(_club.RequestCounts.GetValueOrDefault("POST ValidateCredentials") - before, 1, 3); // FailuresBeforeLockout is 3 here
        Assert.All(answers, a => Assert.True(a is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, a.ToString()));
        Assert.InRange(answers.Count(a => a == HttpStatusCode.Unauthorized), 1, 3);
    }

    [Fact]
    public async Task Logins_have_a_small_budget_share_of_their_own_and_answer_503_at_once_when_it_is_spent()
    {
        // One request a minute per endpoint, kept for logins: the first login's check and sync take it, the second gets none.
        await using var app = await StartAppAsync($"Integrations:{Pgm}:RateLimit:RequestsPerMinute", "1");
        var checks = _club.RequestCounts.GetValueOrDefault("POST ValidateCredentials");

        using var first = await app.Anonymous.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = "member10@example.test", password = $"pass-{Member(10)}", integration = Pgm });
        var started = DateTimeOffset.UtcNow;
        using var second = await app.Anonymous.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = "member11@example.test", password = $"pass-{Member(11)}", integration = Pgm });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode); // its check and its on-the-spot sync took the share's tokens
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.True(second.Headers.Contains("Retry-After"));
        // Waiting for the budget would be the rest of the minute (one request a minute): far over this on any machine.
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30), "a login never waits for the budget");
        Assert.Equal(checks + 1, _club.RequestCounts.GetValueOrDefault("POST ValidateCredentials"));
    }

    [Fact]
    public async Task A_member_token_opens_a_session_once_and_replayed_tampered_expired_foreign_or_unknown_ones_get_401()
    {
        var member = Member(7);
        var token = MemberTokens.Make(_memberTokenKey, member, Pgm);

        using (var ok = await MemberTokenAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(member, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientId").GetString());
        }

        var bytes = Base64Url.DecodeFromChars(MemberTokens.Make(_memberTokenKey, member, Pgm));
        bytes[20] ^= 0x01;
        var refused = new[]
        {
            token,                                                                                          // replayed
            Base64Url.EncodeToString(bytes),                                                                // tampered
            MemberTokens.Make(_memberTokenKey, member, Pgm, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-6)), // expired
            MemberTokens.Make(RandomNumberGenerator.GetBytes(32), member, Pgm),                             // another key
            MemberTokens.Make(_memberTokenKey, "999999", Pgm),                                              // no such member
            MemberTokens.Make(_memberTokenKey, member, "no-such-integration"),
            "not even base64!",
        };
        var bodies = new List<string>();
        foreach (var bad in refused)
        {
            using var response = await MemberTokenAsync(bad);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            bodies.Add(Problem(await response.Content.ReadAsStringAsync()));
        }

        Assert.Single(bodies.Distinct());
        Assert.DoesNotContain(token, _app.AllLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_of_a_password_or_token_reaches_the_logs()
    {
        var member = Member(8);
        using (await LoginAsync("member8@example.test", $"pass-{member}"))
        using (await LoginAsync("member8@example.test", "Secret-Wrong-Password-77"))
        using (var session = await LoginAsync("member8@example.test", $"pass-{member}"))
        {
            var token = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            var logs = _app.AllLogs();
            Assert.DoesNotContain($"pass-{member}", logs, StringComparison.Ordinal);
            Assert.DoesNotContain("Secret-Wrong-Password-77", logs, StringComparison.Ordinal);
            Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
            Assert.DoesNotContain("member8@example.test", logs, StringComparison.Ordinal);
            Assert.DoesNotContain(_club.Options.ClientSecret, logs, StringComparison.Ordinal);
        }
    }

    private string Member(int index) =>
        _club.Store.Query(PerfectGymClassicStore.Members, _ => true, "id")[index]["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);

    /// <summary>An app of its own on this class's club, with one setting changed.</summary>
    private Task<SyncApp> StartAppAsync(string setting, string value)
    {
        var settings = TestAppSettings.ForClassic(_club, Pgm);
        settings["Auth:SessionSigningKey"] = Convert.ToBase64String(_signingKey);
        settings[setting] = value;
        return SyncApp.StartAsync(customers: 0, settings: settings);
    }

    private Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        _app.Http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username, password });

    private Task<HttpResponseMessage> MemberTokenAsync(string token) =>
        _app.Http.PostAsJsonAsync(new Uri("/api/auth/member-token", UriKind.Relative), new { token });

    private Task<HttpResponseMessage> AdminPutAsync(string userName, object body) =>
        _app.Http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/auth/credentials/{Uri.EscapeDataString(userName)}")
        {
            Headers = { { "x-admin-key", SyncApp.AdminKey } },
            Content = JsonContent.Create(body),
        });

    /// <summary>A problem body without its per-request trace id.</summary>
    private static string Problem(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }
}
