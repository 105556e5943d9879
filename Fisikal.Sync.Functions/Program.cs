using Fisikal.Sync.Functions.Configuration;
using Fisikal.Sync.Functions.Endpoints;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Functions.Hosting.CustomHandler;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLocalSettings(Directory.GetCurrentDirectory());
if (builder.Configuration[FunctionsServiceCollectionExtensions.CustomHandlerPortVariable] is { Length: > 0 } hostPort)
{
    builder.WebHost.UseUrls($"http://127.0.0.1:{hostPort}");
}
else if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:7071");
}

builder.Services.AddFisikalFunctions(builder.Configuration);

var app = builder.Build();
if (ForwardedHeadersSetup.IsConfigured(app.Configuration))
{
    app.UseForwardedHeaders();
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.MapGroup("/api").MapInitialSync().MapCatalog().MapResync().MapAuth().MapWebhooks().MapStatus().MapHealth();
if (app.Configuration[FunctionsServiceCollectionExtensions.CustomHandlerPortVariable] is { Length: > 0 } port)
{
    // Under the Functions host: it triggers the functions by POSTing to /{FunctionName}.
    app.MapFunctionInvocations(port);
}
else
{
    app.MapAdminFunctions();
    app.MapActivation();
    app.MapGet("/", () => Results.Redirect("/api/status"));
}
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
