using Fisikal.Sync.Core.Storage;
using System.Collections.Concurrent;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Simulators.Processes;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Sources;

/// <summary>
/// A source's secrets travel to the source's own host and nowhere else: a redirect is an error naming where it pointed,
/// never followed (for every kind, its background and its login client), and a secret that is an unresolved Key Vault
/// reference makes no call at all. Real HTTP on 127.0.0.1: a "source" that answers 307, and the server it points to.
/// </summary>
public sealed class SourceSecretsTests : IAsyncLifetime
{
    private const string ApiKey = "next-api-key-1b7e";
    private const string ClientSecret = "pgm-client-secret-93c2";
    private const string Password = "gladstone-password-5d0a";
    private readonly ConcurrentQueue<string> _elsewhere = new();
    private readonly ConcurrentQueue<string> _source = new();
    private WebApplication _catcher = null!;
    private WebApplication _redirecting = null!;
    private Uri _sourceUrl = null!;

    public async Task InitializeAsync()
    {
        // Everything the other server is sent, headers and body, as text.
        (_catcher, var catcherUrl) = await LoopbackWebApp.StartAsync(app => app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            _elsewhere.Enqueue(string.Join('\n', context.Request.Headers.Select(h => $"{h.Key}: {h.Value}")) + "\n" + await reader.ReadToEndAsync());
            context.Response.StatusCode = 200;
        }));
        (_redirecting, _sourceUrl) = await LoopbackWebApp.StartAsync(app => app.Run(context =>
        {
            _source.Enqueue(context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = new Uri(catcherUrl, context.Request.Path.Value!.TrimStart('/')).AbsoluteUri;
            return Task.CompletedTask;
        }));
    }

    public async Task DisposeAsync()
    {
        await _redirecting.DisposeAsync();
        await _catcher.DisposeAsync();
    }

    [Fact]
    public async Task A_307_from_any_source_is_an_error_naming_its_host_and_the_other_server_never_sees_a_secret()
    {
        await using var core = await CoreServices.StartAsync(Settings(ApiKey, ClientSecret, Password));
        var sources = core.GetRequiredService<SourceFactory>();
        var registry = core.GetRequiredService<IntegrationRegistry>();

        foreach (var name in new[] { "next", "pgm", "gp2" })
        {
            var integration = registry.Get(Name(name));
            var error = await Assert.ThrowsAsync<SourceRedirectException>(() => sources.Members(integration).ReadMemberAsync("1001"));
            Assert.Contains("redirecting to host '127.0.0.1'", error.Message, StringComparison.Ordinal);
            Assert.Contains("not followed", error.Message, StringComparison.Ordinal);
        }

        // A member's password, for the login's own client, likewise.
        foreach (var name in new[] { "pgm", "gp2" })
        {
            var verifier = sources.CredentialVerifier(registry.Get(Name(name)))!;
            await Assert.ThrowsAsync<SourceRedirectException>(() => verifier.VerifyAsync("member@example.test", "members-own-password", CancellationToken.None));
        }

        Assert.Equal(5, _source.Count);
        Assert.Empty(_elsewhere); // not even the request: nothing of it went there
    }

    [Fact]
    public async Task A_secret_that_is_an_unresolved_Key_Vault_reference_makes_no_call_and_a_notification_names_its_setting()
    {
        const string reference = "@Microsoft.KeyVault(VaultName=kv-fisikal-abc;SecretName=pgm-client-secret)";
        await using var core = await CoreServices.StartAsync(Settings(ApiKey, reference, Password));
        var sources = core.GetRequiredService<SourceFactory>();
        var registry = core.GetRequiredService<IntegrationRegistry>();
        var pgm = registry.Get(Name("pgm"));

        var error = await Assert.ThrowsAsync<SourceNotConfiguredException>(() => sources.Members(pgm).ReadMemberAsync("1001"));
        await Assert.ThrowsAsync<SourceNotConfiguredException>(() => sources.CredentialVerifier(pgm)!.VerifyAsync("member@example.test", "pw", CancellationToken.None));

        Assert.Equal([$"Integrations__{pgm.Name}__ClientSecret"], error.Settings);
        Assert.True(error.IsConfigurationError);
        Assert.True(SourceOutage.Is(error)); // a login answers 503 and the attempt is not counted
        Assert.DoesNotContain("kv-fisikal-abc", error.Message, StringComparison.Ordinal);
        Assert.Empty(_source); // not one call
        var notice = (await core.GetRequiredService<SyncStorage>().Table(TableNames.Notifications).GetEntityAsync<TableEntity>(pgm.Name, "configuration:unresolved-secret")).Value;
        Assert.Equal("ConfigurationError", notice.GetString("Kind"));
        Assert.Contains($"Integrations__{pgm.Name}__ClientSecret", notice.GetString("Message"), StringComparison.Ordinal);

        // The other integrations of the app are untouched: they call their source (here, its redirect).
        await Assert.ThrowsAsync<SourceRedirectException>(() => sources.Members(registry.Get(Name("next"))).ReadMemberAsync("1001"));
        Assert.Single(_source);
    }

    private static string Name(string kind) => $"{kind}{Suffix}";

    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..8];

    private Dictionary<string, string?> Settings(string apiKey, string clientSecret, string password) => new()
    {
        [$"Integrations:{Name("next")}:Kind"] = "PerfectGymNext",
        [$"Integrations:{Name("next")}:BaseUrl"] = new Uri(_sourceUrl, "v1/").AbsoluteUri,
        [$"Integrations:{Name("next")}:ApiKey"] = apiKey,
        [$"Integrations:{Name("pgm")}:Kind"] = "PerfectGymClassic",
        [$"Integrations:{Name("pgm")}:BaseUrl"] = _sourceUrl.AbsoluteUri,
        [$"Integrations:{Name("pgm")}:ClientId"] = "pgm-client",
        [$"Integrations:{Name("pgm")}:ClientSecret"] = clientSecret,
        [$"Integrations:{Name("gp2")}:Kind"] = "Gladstone",
        [$"Integrations:{Name("gp2")}:BaseUrl"] = _sourceUrl.AbsoluteUri,
        [$"Integrations:{Name("gp2")}:Username"] = "fisikal",
        [$"Integrations:{Name("gp2")}:Password"] = password,
        [$"Integrations:{Name("gp2")}:AppName"] = "Fisikal",
        [$"Integrations:{Name("next")}:Resilience:MaxRetries"] = "1",
        [$"Integrations:{Name("pgm")}:Resilience:MaxRetries"] = "1",
        [$"Integrations:{Name("gp2")}:Resilience:MaxRetries"] = "1",
    };
}
