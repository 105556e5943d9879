using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Fisikal.Sync.HostEmulator.Metadata;
using Fisikal.Sync.HostEmulator.Worker.Protocol;
using Grpc.Core;

namespace Fisikal.Sync.HostEmulator.Worker;

/// <summary>
/// The host's side of the worker's one gRPC stream: the handshake (StartStream → WorkerInitRequest →
/// FunctionsMetadataRequest → one FunctionLoadRequest per function), then invocations paired with their responses by
/// invocation id, and the worker's logs.
/// </summary>
public sealed partial class WorkerChannel(WorkerApp app, ILogger<WorkerChannel> logger)
{
    /// <summary>The host version the emulator reports: the Functions host 4.x line.</summary>
    public const string HostVersion = "4.1040.0";

    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _functionIds = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingLoads;

    /// <summary>The worker's own HTTP server, which HTTP invocations are proxied to (its <c>HttpUri</c> capability).</summary>
    public Uri? HttpUri { get; private set; }

    /// <summary>Completes when every function is loaded; fails if the worker refuses to start or load one.</summary>
    public Task Loaded => _loaded.Task;

    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        var writer = Task.Run(async () =>
        {
            await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

        try
        {
            await foreach (var message in requests.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Handle(message);
            }
        }
        finally
        {
            _outbound.Writer.TryComplete();
            var gone = new IOException("The worker's stream ended.");
            _loaded.TrySetException(gone);
            foreach (var pending in _invocations.Values)
            {
                pending.TrySetException(gone);
            }
        }

        await writer.ConfigureAwait(false);
    }

    /// <summary>Invokes a function and waits for the worker's response (an HTTP function's response travels on its HTTP leg).</summary>
    public async Task<InvocationResponse> InvokeAsync(
        string functionName, string invocationId, IEnumerable<ParameterBinding> inputs, IDictionary<string, TypedData> triggerMetadata, CancellationToken cancellationToken,
        string? traceParent = null, string? traceState = null)
    {
        await Loaded.WaitAsync(cancellationToken).ConfigureAwait(false);
        // The worker reads the trace context of every invocation: the caller's (an HTTP request's traceparent), else the current activity's.
        var trace = new RpcTraceContext
        {
            TraceParent = traceParent ?? System.Diagnostics.Activity.Current?.Id ?? string.Empty,
            TraceState = traceState ?? System.Diagnostics.Activity.Current?.TraceStateString ?? string.Empty,
        };
        var request = new InvocationRequest { InvocationId = invocationId, FunctionId = _functionIds[functionName], TraceContext = trace };
        request.InputData.AddRange(inputs);
        request.TriggerMetadata.Add(triggerMetadata);
        var response = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[invocationId] = response;
        try
        {
            await _outbound.Writer.WriteAsync(new StreamingMessage { InvocationRequest = request }, cancellationToken).ConfigureAwait(false);
            using var cancel = cancellationToken.Register(() => _outbound.Writer.TryWrite(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } }));
            return await response.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _invocations.TryRemove(invocationId, out _);
        }
    }

    /// <summary>Asks the worker to stop (it does, having finished its invocations).</summary>
    public void Terminate(TimeSpan grace) =>
        _outbound.Writer.TryWrite(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(grace) } });

    private void Handle(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                var init = new WorkerInitRequest { HostVersion = HostVersion, WorkerDirectory = app.Directory, FunctionAppDirectory = app.Directory };
                Send(new StreamingMessage { WorkerInitRequest = init });
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                var initResult = message.WorkerInitResponse;
                if (initResult.Result?.Status != StatusResult.Types.Status.Success)
                {
                    _loaded.TrySetException(new InvalidOperationException("The worker failed to initialise: " + Describe(initResult.Result)));
                    return;
                }

                if (initResult.Capabilities.TryGetValue("HttpUri", out var httpUri))
                {
                    HttpUri = new Uri(httpUri);
                }

                Send(new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = app.Directory } });
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                LoadFunctions(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                var load = message.FunctionLoadResponse;
                if (load.Result?.Status != StatusResult.Types.Status.Success)
                {
                    _loaded.TrySetException(new InvalidOperationException($"The worker failed to load function {load.FunctionId}: {Describe(load.Result)}"));
                }
                else if (Interlocked.Decrement(ref _pendingLoads) == 0)
                {
                    LogLoaded(_functionIds.Count, HttpUri?.ToString() ?? "none");
                    _loaded.TrySetResult();
                }

                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryGetValue(message.InvocationResponse.InvocationId, out var pending))
                {
                    pending.TrySetResult(message.InvocationResponse);
                }

                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                WorkerLog(message.RpcLog);
                break;
        }
    }

    private void LoadFunctions(FunctionMetadataResponse response)
    {
        if (response.Result is { Status: not StatusResult.Types.Status.Success } failed)
        {
            _loaded.TrySetException(new InvalidOperationException("The worker could not list its functions: " + Describe(failed)));
            return;
        }

        // The worker indexes itself; were it to ask for the default indexing, functions.metadata is the list.
        var functions = response.UseDefaultMetadataIndexing || response.FunctionMetadataResults.Count == 0
            ? app.Functions.Select(FromDefinition).ToList()
            : response.FunctionMetadataResults.ToList();
        _pendingLoads = functions.Count;
        foreach (var function in functions)
        {
            if (string.IsNullOrEmpty(function.FunctionId))
            {
                function.FunctionId = Guid.NewGuid().ToString();
            }

            foreach (var raw in function.RawBindings)
            {
                var binding = JsonNode.Parse(raw)!.AsObject();
                function.Bindings[(string)binding["name"]!] = new BindingInfo
                {
                    Type = (string)binding["type"]!,
                    Direction = string.Equals((string?)binding["direction"], "out", StringComparison.OrdinalIgnoreCase) ? BindingInfo.Types.Direction.Out : BindingInfo.Types.Direction.In,
                    DataType = ((string?)binding["dataType"])?.ToLowerInvariant() switch
                    {
                        "string" => BindingInfo.Types.DataType.String,
                        "binary" => BindingInfo.Types.DataType.Binary,
                        "stream" => BindingInfo.Types.DataType.Stream,
                        _ => BindingInfo.Types.DataType.Undefined,
                    },
                };
            }

            _functionIds[function.Name] = function.FunctionId;
            Send(new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function } });
        }
    }

    private RpcFunctionMetadata FromDefinition(FunctionDefinition definition)
    {
        var metadata = new RpcFunctionMetadata
        {
            Name = definition.Name,
            ScriptFile = definition.ScriptFile,
            EntryPoint = definition.EntryPoint,
            Language = definition.Language,
            Directory = app.Directory,
        };
        metadata.RawBindings.AddRange(definition.Bindings.Select(b => b.ToJsonString()));
        return metadata;
    }

    private void Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    private void WorkerLog(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        if (log.LogCategory == RpcLog.Types.RpcLogCategory.CustomMetric || level == LogLevel.None)
        {
            return;
        }

        logger.Log(level, "{Category}: {Message}{Exception}", log.Category, log.Message, log.Exception is { } ex ? Environment.NewLine + ex.Message + Environment.NewLine + ex.StackTrace : string.Empty);
    }

    private static string Describe(StatusResult? result) =>
        result is null ? "no result" : $"{result.Status}: {result.Exception?.Message ?? result.Result}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker loaded {Count} functions; its HTTP server is {HttpUri}")]
    private partial void LogLoaded(int count, string httpUri);
}
