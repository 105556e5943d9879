namespace Fisikal.Sync.Functions.Hosting;

/// <summary>The problem documents HTTP functions share (RFC 9457, through ASP.NET Core's <see cref="Results.Problem(string?, string?, int?, string?, string?, IDictionary{string, object?}?)"/>).</summary>
public static class Problems
{
    public static IResult NoIntegration(string name) =>
        Results.Problem(statusCode: 404, title: "Not found", detail: $"No integration named '{name}' is configured.");

    public static IResult Invalid(string detail) => Results.Problem(statusCode: 400, title: "Invalid request", detail: detail);
}
