namespace Fisikal.Sync.Functions.Middleware;

/// <summary>
/// Marks an admin route: <see cref="AdminKeyMiddleware"/> answers 401 before the function runs unless the request carries
/// the admin key (or the status page's sign-in cookie). <see cref="SignInPage"/>: a browser is shown the sign-in form
/// instead of a problem document.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AdminKeyAttribute : Attribute
{
    public bool SignInPage { get; init; }
}
