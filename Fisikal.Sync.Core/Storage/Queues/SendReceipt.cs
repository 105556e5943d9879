namespace Fisikal.Sync.Core.Storage.Queues;

/// <summary>What the service answers to a send or a visibility update.</summary>
public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn, DateTimeOffset? NextVisibleOn);
