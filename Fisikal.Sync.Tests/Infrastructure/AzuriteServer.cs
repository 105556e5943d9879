using Fisikal.Sync.Core.Storage;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Data.Tables;
using Fisikal.Sync.Simulators.Azurite;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// One real Azurite for the whole test run, on ports the OS picks, stopped (by pid) when the run ends.
/// A test that needs it and can't have it fails with Azurite's own output: nothing is skipped.
/// </summary>
public static class AzuriteServer
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(StartAsync);

    public static async Task<AzuriteProcess> GetAsync() => await Instance.Value;

    public static async Task<TableServiceClient> TablesAsync() => new((await GetAsync()).ConnectionString);

    public static async Task<QueueServiceClient> QueuesAsync() => new((await GetAsync()).ConnectionString, StorageAccount.QueueOptions());

    /// <summary>The app's storage on the shared Azurite, its tables and queues created.</summary>
    public static async Task<Core.Storage.SyncStorage> StorageAsync()
    {
        var storage = new Core.Storage.SyncStorage(await TablesAsync(), await QueuesAsync());
        await storage.EnsureCreatedAsync();
        return storage;
    }

    /// <summary>A table or queue name no other test uses.</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    private static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = await AzuriteProcess.StartAsync(timeout: TimeSpan.FromSeconds(90));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    }
}
