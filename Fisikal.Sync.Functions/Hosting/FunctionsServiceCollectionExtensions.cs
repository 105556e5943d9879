using Fisikal.Sync.Core;
using Fisikal.Sync.Functions.Middleware;

namespace Fisikal.Sync.Functions.Hosting;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Core, telemetry, and what the functions share: the admin key's settings, the login limits, the queue functions' runner.</summary>
    public static IServiceCollection AddFisikalFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFisikalSyncCore(configuration);
        services.AddFisikalTelemetry(configuration);
        services.AddProblemDetails();
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(options => ForwardedHeadersSetup.Configure(options, configuration));
        services.AddTransient<IStartupFilter, ForwardedHeadersStartupFilter>();

        services.AddAdminKey(configuration);
        services.AddSingleton<Auth.LoginRateLimits>();
        services.AddSingleton<Middleware.QueueFunctionRunner>();
        services.AddHostedService<StorageInitializer>();

        return services;
    }
}
