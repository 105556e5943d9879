namespace Fisikal.Sync.Functions.Hosting;

/// <summary>Puts the forwarded-headers middleware first in the worker's ASP.NET Core pipeline (see <see cref="ForwardedHeadersSetup"/>).</summary>
public sealed class ForwardedHeadersStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseForwardedHeaders();
        next(app);
    };
}
