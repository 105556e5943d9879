using System.Net;
using Fisikal.Sync.HostEmulator.Metadata;
using Fisikal.Sync.HostEmulator.Worker;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fisikal.Sync.HostEmulator;

/// <summary>The gRPC server the worker connects to: HTTP/2 without TLS on a port of 127.0.0.1 the OS picks.</summary>
public sealed class GrpcEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public WorkerChannel Channel => _app.Services.GetRequiredService<WorkerChannel>();

    public static async Task<GrpcEndpoint> StartAsync(WorkerApp worker)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(worker).AddSingleton<WorkerChannel>();
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new GrpcEndpoint(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
