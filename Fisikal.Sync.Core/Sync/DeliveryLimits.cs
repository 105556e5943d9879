namespace Fisikal.Sync.Core.Sync;

/// <summary>Delivery limits every queue handler shares with host.json.</summary>
public static class DeliveryLimits
{
    /// <summary>host.json's maxDequeueCount: the attempt after which a message is poisoned.</summary>
    public const int MaxDequeueCount = 5;
}
