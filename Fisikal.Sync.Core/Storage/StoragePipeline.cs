using Azure.Core;
using Azure.Core.Pipeline;

namespace Fisikal.Sync.Core.Storage;

/// <summary>
/// Builds the HTTP pipeline for a storage client: Azure.Core's retry, logging and transport, with the
/// authentication policy placed per retry so that every attempt is signed afresh.
/// </summary>
internal static class StoragePipeline
{
    private const string StorageScope = "https://storage.azure.com/.default";

    public static HttpPipeline Build(ClientOptions options, StorageConnection connection, HttpPipelinePolicy? sharedKeyPolicy)
    {
        HttpPipelinePolicy auth = sharedKeyPolicy is not null
            ? sharedKeyPolicy
            : new BearerTokenAuthenticationPolicy(
                connection.TokenCredential ?? throw new InvalidOperationException("The storage connection has no credential."),
                StorageScope);
        return HttpPipelineBuilder.Build(options, auth);
    }
}
