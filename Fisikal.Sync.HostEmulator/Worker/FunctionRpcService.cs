using Fisikal.Sync.HostEmulator.Worker.Protocol;
using Grpc.Core;

namespace Fisikal.Sync.HostEmulator.Worker;

/// <summary>The gRPC service the worker connects to (<c>--functions-uri</c>): its one stream goes to the channel.</summary>
public sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        channel.RunAsync(requestStream, responseStream, context.CancellationToken);
}
