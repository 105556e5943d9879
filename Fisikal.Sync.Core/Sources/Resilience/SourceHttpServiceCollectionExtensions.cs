using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Budgets;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Gladstone;
using Fisikal.Sync.Core.Sources.PerfectGymClassic;
using Fisikal.Sync.Core.Sources.PerfectGymNext;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Polly;

namespace Fisikal.Sync.Core.Sources.Resilience;

public static class SourceHttpServiceCollectionExtensions
{
    /// <summary>
    /// Two named <see cref="HttpClient"/>s per integration, declared once here. Both begin with the refusal of calls whose
    /// secrets are unresolved Key Vault references and of redirects, and end in a transport that follows none.
    /// The background sync's: credentials-refused notice → retries (total timeout, Retry-After, backoff) → the shared rate
    /// budget (each attempt spends a token; waiting for one is outside the attempt's timeout and breaker) → circuit breaker
    /// and attempt timeout → request metrics → the source's credentials → the transport.
    /// The interactive one, for calls a person waits on (a login's check and on-the-spot sync): one attempt bounded by
    /// <see cref="ResilienceOptions.InteractiveTimeout"/> and the budget's interactive share, never waited for
    /// (<see cref="RateBudgetExhaustedException"/>), so a login answers in seconds.
    /// Needs <see cref="SyncStorage"/>, <see cref="NotificationStore"/>, a <see cref="TimeProvider"/> and logging.
    /// </summary>
    public static IServiceCollection AddSourceHttpClients(this IServiceCollection services, IEnumerable<IntegrationOptions> integrations)
    {
        ArgumentNullException.ThrowIfNull(integrations);
        services.TryAddSingleton<SourceHttpClients>();
        services.AddHttpClient();

        // Polly reports every attempt at Information; its retries, breaks and timeouts are Warnings, and those are what a person needs.
        services.Configure<LoggerFilterOptions>(options => options.AddFilter("Polly", LogLevel.Warning));
        var names = services.Select(d => d.ImplementationInstance).OfType<SourceHttpClientNames>().FirstOrDefault();
        if (names is null)
        {
            names = new SourceHttpClientNames();
            services.AddSingleton(names);
        }

        foreach (var integration in integrations)
        {
            AddBackground(services, integration, names);
            AddInteractive(services, integration, names);
        }

        return services;
    }

    private static void AddBackground(IServiceCollection services, IntegrationOptions integration, SourceHttpClientNames names)
    {
        var name = SourceHttpClientNames.Of(integration.Name, SourceUse.Background);
        if (!names.Add(name))
        {
            return;
        }

        var builder = Client(services, name, integration)
            .AddHttpMessageHandler(sp => new CredentialsRefusedHandler(integration.Name, sp.GetRequiredService<NotificationStore>(), Logger(sp, integration)));
        builder.AddResilienceHandler("retries", (pipeline, context) =>
            SourceResilience.AddRetries(pipeline, integration.Resilience, integration.RateLimit.Window, context.ServiceProvider.GetRequiredService<TimeProvider>()));
        builder.AddHttpMessageHandler(sp => new RateBudgetHandler(Budget(sp, integration, SourceUse.Background)));
        builder.AddResilienceHandler("attempt", pipeline => SourceResilience.AddAttempt(pipeline, integration.Resilience));
        builder
            .AddHttpMessageHandler(() => new SourceRequestMetricsHandler(integration.Name))
            .AddHttpMessageHandler(() => Authentication(integration));
    }

    private static void AddInteractive(IServiceCollection services, IntegrationOptions integration, SourceHttpClientNames names)
    {
        var name = SourceHttpClientNames.Of(integration.Name, SourceUse.Interactive);
        if (!names.Add(name))
        {
            return;
        }

        var builder = Client(services, name, integration);
        builder.AddResilienceHandler("interactive", pipeline => pipeline.AddTimeout(integration.Resilience.InteractiveTimeout));
        builder
            .AddHttpMessageHandler(sp => new RateBudgetHandler(Budget(sp, integration, SourceUse.Interactive)))
            .AddHttpMessageHandler(() => Authentication(integration));
    }

    /// <summary>
    /// A source client's outer and inner ends: first the check that its secrets are resolved (<see cref="UnresolvedSecretsHandler"/>),
    /// last the transport, which follows no redirect: .NET strips only <c>Authorization</c> when it follows one, and a
    /// source's secrets travel in other headers (x-api-key, X-Client-Id/Secret), the SOAP AuthHeader or the body (a
    /// member's password), so a 3xx is an error naming where it pointed (<see cref="RedirectRefusedHandler"/>).
    /// </summary>
    private static IHttpClientBuilder Client(IServiceCollection services, string name, IntegrationOptions integration) =>
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan) // the resilience strategies bound the call
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            .AddHttpMessageHandler(sp => new UnresolvedSecretsHandler(integration, sp.GetRequiredService<NotificationStore>(), Logger(sp, integration)))
            .AddHttpMessageHandler(() => new RedirectRefusedHandler(integration.Name))

            // Connectors keep their client for the app's life: connections are renewed by the pool's lifetime above, and
            // the chain (its breaker, its budget) is built once.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

    private static ILogger Logger(IServiceProvider services, IntegrationOptions integration) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Fisikal.Sync.Sources." + integration.Kind);

    private static SlidingRateBudget Budget(IServiceProvider services, IntegrationOptions integration, SourceUse use) =>
        new(integration.Name, integration.RateLimit, services.GetRequiredService<SyncStorage>().Table(TableNames.RateBudgets), services.GetRequiredService<TimeProvider>(), use);

    /// <summary>The source's own credentials (or, for Gladstone, its SOAP faults read as statuses): the handler nearest the transport.</summary>
    private static DelegatingHandler Authentication(IntegrationOptions integration) => integration.Kind switch
    {
        IntegrationKind.PerfectGymNext => new PerfectGymNextApiKeyHandler(integration.ApiKey!),
        IntegrationKind.PerfectGymClassic => new PerfectGymClassicCredentialsHandler(integration.ClientId!, integration.ClientSecret!),
        IntegrationKind.Gladstone => new GladstoneFaultStatusHandler(),
        _ => throw new ArgumentOutOfRangeException(nameof(integration), integration.Kind, "Not a source integration."),
    };
}
