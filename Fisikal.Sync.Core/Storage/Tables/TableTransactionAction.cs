using Azure;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>One operation in an entity group transaction. Update and Delete use <see cref="ETag"/> (default: any).</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
