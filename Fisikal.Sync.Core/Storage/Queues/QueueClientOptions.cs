using Azure.Core;

namespace Fisikal.Sync.Core.Storage.Queues;

/// <summary>Options for <see cref="QueueServiceClient"/>.</summary>
public sealed class QueueClientOptions : ClientOptions
{
    public string ServiceVersion { get; set; } = "2021-12-02";

    /// <summary>Base64 by default, as the Functions host's queue trigger expects.</summary>
    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
