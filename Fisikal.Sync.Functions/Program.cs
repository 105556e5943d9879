using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Functions.Middleware;
using Microsoft.Azure.Functions.Worker.Builder;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<AdminKeyMiddleware>();
builder.Services.AddFisikalFunctions(builder.Configuration);
builder.Build().Run();
