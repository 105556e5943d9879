using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Core.Sync;

namespace Fisikal.Sync.Functions.Hosting;

/// <summary>Creates the tables and queues before anything uses them; start-up fails loudly if storage can't be reached.</summary>
public sealed class StorageInitializer(SyncStorage storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
