using Fisikal.Sync.HostEmulator;
using Fisikal.Sync.HostEmulator.Metadata;
using Fisikal.Sync.HostEmulator.Triggers;
using Fisikal.Sync.HostEmulator.Worker;

// Runs the built worker as the Azure Functions host does: see README ("Running it without Core Tools").
EmulatorSettings settings;
WorkerApp app;
try
{
    settings = EmulatorSettings.Read(args, Directory.GetCurrentDirectory());
    app = WorkerApp.Load(settings.WorkerDirectory);
}
catch (Exception ex) when (ex is InvalidOperationException or IOException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"The host emulator can't start: {ex.Message}");
    return 1;
}

await using var grpc = await GrpcEndpoint.StartAsync(app);
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(settings.Urls);
builder.Services.AddSingleton(app).AddSingleton(settings).AddSingleton(grpc.Channel).AddSingleton<HttpTriggerProxy>().AddSingleton<EmulatorFault>();

// The worker's answer goes back as it is: redirects and cookies are the caller's business, and a function may run long.
builder.Services.AddHttpClient(nameof(HttpTriggerProxy), client => client.Timeout = Timeout.InfiniteTimeSpan)
    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.None });
builder.Services.AddHostedService<TriggerListeners>();
var web = builder.Build();
var proxy = web.Services.GetRequiredService<HttpTriggerProxy>();
web.Map("/" + proxy.RoutePrefix + "/{**path}", proxy.HandleAsync);

foreach (var name in settings.SkippedLocalSettings)
{
    EmulatorLifetime.LogSkippedLocalSetting(web.Logger, name);
}

await using var worker = WorkerProcess.Start(app, grpc.Address, settings.AppSettings, web.Logger);
await web.StartAsync();
return await EmulatorLifetime.RunAsync(web, worker, grpc.Channel, web.Services.GetRequiredService<EmulatorFault>());
