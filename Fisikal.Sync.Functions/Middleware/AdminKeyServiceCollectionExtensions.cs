using Microsoft.Extensions.Options;

namespace Fisikal.Sync.Functions.Middleware;

public static class AdminKeyServiceCollectionExtensions
{
    /// <summary>The <c>Admin</c> settings, validated when the app starts (not at the first request), for <see cref="AdminKeyMiddleware"/>.</summary>
    public static IServiceCollection AddAdminKey(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AdminOptions>>().Value);
        return services;
    }
}
