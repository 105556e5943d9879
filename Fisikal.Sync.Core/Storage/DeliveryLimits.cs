namespace Fisikal.Sync.Core.Storage;

/// <summary>
/// Delivery limits every queue handler shares with host.json (which the host reads; it can't read a constant). Defined
/// here once; a test checks host.json agrees.
/// </summary>
public static class DeliveryLimits
{
    /// <summary>host.json's maxDequeueCount: the attempt after which a message is poisoned.</summary>
    public const int MaxDequeueCount = 5;
}
