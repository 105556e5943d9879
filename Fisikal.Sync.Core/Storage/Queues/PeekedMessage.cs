namespace Fisikal.Sync.Core.Storage.Queues;

/// <summary>A message seen without taking it.</summary>
public sealed record PeekedMessage(string MessageId, string MessageText, long DequeueCount, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn);
