using Azure.Core;

namespace Fisikal.Sync.Core.Storage.Tables;

/// <summary>Options for <see cref="TableServiceClient"/>: Azure.Core's retry, diagnostics and transport, plus the clock.</summary>
public sealed class TableClientOptions : ClientOptions
{
    /// <summary>The x-ms-version sent; 2019-02-02 is what Azure.Data.Tables sends and Azurite accepts.</summary>
    public string ServiceVersion { get; set; } = "2019-02-02";

    /// <summary>Signs x-ms-date; tests set a fixed clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
