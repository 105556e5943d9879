using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Fisikal.Sync.Functions.Middleware;
using Fisikal.Sync.Functions.Auth;
using Fisikal.Sync.Functions.Operations;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Auth;

/// <summary>No admin route is open by default; the status page's sign-in cookie expires and sign-ins are limited.</summary>
public sealed class AdminKeyTests
{
    [Fact]
    public async Task Without_a_configured_key_every_admin_route_answers_401_even_on_loopback()
    {
        await using var app = await SyncApp.StartAsync(customers: 0, settings: new Dictionary<string, string?> { ["Admin:ApiKey"] = null });

        foreach (var (method, route) in new[]
                 {
                     (HttpMethod.Get, "/api/status.json"),
                     (HttpMethod.Post, $"/api/integrations/{SyncApp.Integration}/initial-sync"),
                     (HttpMethod.Get, $"/api/integrations/{SyncApp.Integration}/sync-runs/nope"),
                     (HttpMethod.Get, $"/api/integrations/{SyncApp.Integration}/catalog"),
                     (HttpMethod.Put, "/api/auth/credentials/someone"),
                     (HttpMethod.Post, $"/api/integrations/{SyncApp.Integration}/members/1/resync"),
                     (HttpMethod.Get, "/api/schedules"),
                     (HttpMethod.Post, "/api/schedules/ClientSync"),
                     (HttpMethod.Post, $"/api/integrations/{SyncApp.Integration}/confirm-activation"),
                 })
        {
            using var response = await app.Http.SendAsync(new HttpRequestMessage(method, route));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var page = await app.Http.GetAsync(new Uri("/api/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("<form", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unresolved_Key_Vault_references_open_neither_the_admin_routes_nor_the_webhook_and_the_app_keeps_running()
    {
        // What App Service leaves in a setting whose secret it can't read: its text, which anyone can derive from the host name.
        const string adminReference = "@Microsoft.KeyVault(VaultName=kv-fisikal;SecretName=admin-api-key)";
        const string webhookReference = "@Microsoft.KeyVault(SecretUri=https://kv-fisikal.vault.azure.net/secrets/club2-webhook/)";
        await using var app = await SyncApp.StartAsync(customers: 0, settings: new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = adminReference,
            ["Integrations:club2:Kind"] = "PerfectGymNext",
            ["Integrations:club2:BaseUrl"] = "http://127.0.0.1:9/v1/",
            ["Integrations:club2:ApiKey"] = "@Microsoft.KeyVault(VaultName=kv-fisikal;SecretName=club2-api-key)",
            ["Integrations:club2:WebhookApiKey"] = webhookReference,
        });

        foreach (var (method, route) in new[] { (HttpMethod.Get, "/api/status.json"), (HttpMethod.Get, "/api/schedules"), (HttpMethod.Post, $"/api/integrations/{SyncApp.Integration}/initial-sync") })
        {
            using var request = new HttpRequestMessage(method, route) { Headers = { { AdminKey.Header, adminReference } } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous.SendAsync(request)).StatusCode);
        }

        using var signIn = await app.Anonymous.PostAsync(new Uri("/api/status/sign-in", UriKind.Relative), new FormUrlEncodedContent([new("key", adminReference)]));
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PostWebhookAsync("CUSTOMER_CREATED", 1, key: webhookReference)).StatusCode);

        // The other integration, and the app, go on.
        Assert.Equal(HttpStatusCode.OK, (await app.PostWebhookAsync("CUSTOMER_CREATED", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public void A_sign_in_cookie_holds_its_issue_time_and_expires_after_the_session_lifetime()
    {
        var issued = new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
        var cookie = AdminKey.CookieValue("the-key", issued);
        var lifetime = TimeSpan.FromHours(12);

        Assert.True(AdminKey.IsValidCookie(cookie, "the-key", lifetime, issued.AddHours(11)));
        Assert.False(AdminKey.IsValidCookie(cookie, "the-key", lifetime, issued.AddHours(12).AddSeconds(1)));
        Assert.False(AdminKey.IsValidCookie(cookie, "another-key", lifetime, issued.AddHours(1)));
        Assert.False(AdminKey.IsValidCookie("9999999999." + cookie.Split('.')[1], "the-key", lifetime, issued.AddHours(1))); // issue time changed
        Assert.DoesNotContain("the-key", cookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    public void A_session_lifetime_that_is_not_positive_stops_the_app_at_start_up_naming_the_setting(string lifetime)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Admin:ApiKey"] = "secret-admin-key", ["Admin:SessionLifetime"] = lifetime }).Build();
        using var services = new ServiceCollection().AddAdminKey(configuration).BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());
        Assert.Contains("Admin__SessionLifetime", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-admin-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_admin_settings_default_to_a_12_hour_sign_in_and_no_key()
    {
        using var services = new ServiceCollection().AddAdminKey(new ConfigurationBuilder().Build()).BuildServiceProvider();
        services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        var options = services.GetRequiredService<AdminOptions>();
        Assert.Equal(TimeSpan.FromHours(12), options.SessionLifetime);
        Assert.Null(options.Expected);
    }

    [Fact]
    public async Task Status_sign_in_guesses_are_rate_limited()
    {
        await using var app = await SyncApp.StartAsync(customers: 0);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await app.Anonymous.PostAsync(new Uri("/api/status/sign-in", UriKind.Relative), new FormUrlEncodedContent([new("key", "guess-" + i)]));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
