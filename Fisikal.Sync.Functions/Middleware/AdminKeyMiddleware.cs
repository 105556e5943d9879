using System.Collections.Concurrent;
using System.Reflection;
using Fisikal.Sync.Functions.Operations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Fisikal.Sync.Functions.Middleware;

/// <summary>
/// The one place the admin key is checked: for a function marked <see cref="AdminKeyAttribute"/>, a request without a
/// valid key (see <see cref="AdminKey"/>) is answered 401 and the function never runs. Every other function passes
/// through untouched.
/// </summary>
public sealed class AdminKeyMiddleware(AdminOptions options, TimeProvider time) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, AdminKeyAttribute?> Marks = new(StringComparer.Ordinal);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Marks.GetOrAdd(context.FunctionDefinition.EntryPoint, MarkOf) is { } mark
            && context.GetHttpContext() is { } http
            && !AdminKey.IsAuthorized(http.Request, options, time.GetUtcNow()))
        {
            context.GetInvocationResult().Value = mark.SignInPage ? StatusPage.SignInResult(failed: false) : AdminKey.Unauthorized();
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>The attribute on the method an entry point (<c>Namespace.Type.Method</c>) names, if any.</summary>
    private static AdminKeyAttribute? MarkOf(string entryPoint)
    {
        var dot = entryPoint.LastIndexOf('.');
        return typeof(AdminKeyMiddleware).Assembly.GetType(entryPoint[..dot])?.GetMethod(entryPoint[(dot + 1)..])?.GetCustomAttribute<AdminKeyAttribute>();
    }
}
