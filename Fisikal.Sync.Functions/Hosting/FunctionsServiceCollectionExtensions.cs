using Fisikal.Sync.Core;
using Fisikal.Sync.Functions.Functions;
using Fisikal.Sync.Functions.Schedules;

namespace Fisikal.Sync.Functions.Hosting;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Core, telemetry, and what the functions share: the scheduled functions the dispatcher runs, the login limits.</summary>
    public static IServiceCollection AddFisikalFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFisikalSyncCore(configuration);
        services.AddFisikalTelemetry(configuration);
        services.AddProblemDetails();
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(options => ForwardedHeadersSetup.Configure(options, configuration));
        services.AddTransient<IStartupFilter, ForwardedHeadersStartupFilter>();

        services.AddSingleton<Endpoints.LoginRateLimits>();
        services.AddSingleton<QueueFunctionRunner>();
        services.AddSingleton<IScheduledFunction, ClientSyncFunction>();
        services.AddSingleton<IScheduledFunction, PackageSweepFunction>();
        services.AddSingleton<IScheduledFunction, AccessSyncFunction>();
        services.AddSingleton<IScheduledFunction, SubscriptionTypeCheckFunction>();
        services.AddSingleton<IScheduledFunction, ChangeCleanupFunction>();
        services.AddSingleton<IScheduledFunction, RetentionFunction>();
        services.AddSingleton<ScheduleDispatcher>();
        services.AddHostedService<StorageInitializer>();

        return services;
    }
}
