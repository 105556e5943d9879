using Fisikal.Sync.Core;
using Fisikal.Sync.Functions.Functions;
using Fisikal.Sync.Functions.Hosting.Standalone;

namespace Fisikal.Sync.Functions.Hosting;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>The Functions host sets this for a custom handler; then it owns the triggers and we serve its invocations.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The functions, and (standalone) the pump and timers that trigger them.</summary>
    public static IServiceCollection AddFisikalFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFisikalSyncCore(configuration);
        services.AddFisikalTelemetry(configuration);
        services.AddProblemDetails();
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(options => ForwardedHeadersSetup.Configure(options, configuration));
        services.AddSingleton<Endpoints.LoginRateLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<Core.Auth.AuthOptions>((limiter, auth) => Endpoints.LoginRateLimits.AddPolicies(limiter, auth));
        services.AddSingleton<IQueueFunction, MemberPagesFunction>();
        services.AddSingleton<IQueueFunction, MemberPackagesFunction>();
        services.AddSingleton<IQueueFunction, MemberVisitsFunction>();
        services.AddSingleton<IQueueFunction, MemberEventsFunction>();
        services.AddSingleton<IQueueFunction, ScheduleOccurrencesFunction>();
        services.AddSingleton<IScheduledFunction, ClientSyncFunction>();
        services.AddSingleton<IScheduledFunction, PackageSweepFunction>();
        services.AddSingleton<IScheduledFunction, AccessSyncFunction>();
        services.AddSingleton<IScheduledFunction, SubscriptionTypeCheckFunction>();
        services.AddSingleton<IScheduledFunction, ChangeCleanupFunction>();
        services.AddSingleton<IScheduledFunction, RetentionFunction>();
        services.AddSingleton<ScheduleDispatcher>();
        services.AddHostedService<StorageInitializer>();

        var standalone = new StandaloneOptions();
        configuration.GetSection("Standalone").Bind(standalone);
        standalone.Validate();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(standalone));
        var underFunctionsHost = !string.IsNullOrEmpty(configuration[CustomHandlerPortVariable]);
        if (!underFunctionsHost && standalone.RunTriggers)
        {
            services.AddHostedService<QueuePump>();
            services.AddHostedService<ScheduleRunner>();
        }

        return services;
    }
}
