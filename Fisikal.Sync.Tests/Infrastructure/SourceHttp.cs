using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Integrations;
using Fisikal.Sync.Core.Sources.Resilience;
using Fisikal.Sync.Core.Sync;
using Fisikal.Sync.Core.Sync.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>The app's source HTTP clients (budget, resilience, credentials) for integrations a test makes, on its storage.</summary>
public static class SourceHttp
{
    public static ServiceProvider Services(SyncStorage storage, params IntegrationOptions[] integrations) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(storage)
            .AddSingleton<NotificationStore>()
            .AddSourceHttpClients(integrations)
            .BuildServiceProvider();

    /// <summary>The clients for one integration (a test's own, so never disposed: the test process ends them).</summary>
    public static SourceHttpClients For(SyncStorage storage, IntegrationOptions integration) =>
        Services(storage, integration).GetRequiredService<SourceHttpClients>();
}
