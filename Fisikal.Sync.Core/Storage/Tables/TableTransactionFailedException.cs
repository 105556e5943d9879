using Azure;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>A transaction that the service rejected as a whole; nothing in it was applied.</summary>
public sealed class TableTransactionFailedException : RequestFailedException
{
    public TableTransactionFailedException(int status, string message, string? errorCode, int? failedTransactionActionIndex)
        : base(status, message, errorCode, null)
    {
        FailedTransactionActionIndex = failedTransactionActionIndex;
    }

    /// <summary>The index of the action the service named, when it named one.</summary>
    public int? FailedTransactionActionIndex { get; }
}
