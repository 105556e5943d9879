namespace Fisikal.Sync.Core.Storage.Queues;

/// <summary>A received message: hidden until <see cref="NextVisibleOn"/>; delete or update it with <see cref="PopReceipt"/>.</summary>
public sealed record QueueMessage(
    string MessageId,
    string PopReceipt,
    string MessageText,
    long DequeueCount,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn,
    DateTimeOffset? NextVisibleOn);
