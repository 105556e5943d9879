namespace Fisikal.Sync.Core.Storage.Queues;

/// <summary>How message text travels. The Functions host reads and writes base64 by default.</summary>
public enum QueueMessageEncoding
{
    Base64,
    None,
}
