using Fisikal.Sync.Core.Storage.Queues;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Storage;

internal static class QueueServiceClientExtensions
{
    /// <summary>A client on the same Azurite that reads message text as it is stored.</summary>
    public static QueueClient GetQueueClientWithEncoding(this QueueServiceClient _, string queueName, QueueMessageEncoding encoding) =>
        new QueueServiceClient(AzuriteServer.ConnectionAsync().GetAwaiter().GetResult(), new QueueClientOptions { MessageEncoding = encoding })
            .GetQueueClient(queueName);
}
