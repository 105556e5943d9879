using Fisikal.Sync.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddFisikalFunctions(builder.Configuration);
builder.Build().Run();
