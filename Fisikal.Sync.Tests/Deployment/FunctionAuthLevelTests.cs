using System.Text.Json.Nodes;
using Fisikal.Sync.Functions.Middleware;
using Fisikal.Sync.Simulators.Processes;

namespace Fisikal.Sync.Tests.Deployment;

/// <summary>
/// The auth level the Functions host applies to each HTTP route, as the build's <c>functions.metadata</c> declares it (what
/// the host reads). A browser's form can't carry a function key, so the routes a browser opens (the status page, its
/// sign-in form, status.json) are anonymous at the host and guarded by the admin key or its cookie in the app; the
/// other admin routes need a function key and the admin key; the member and club routes are anonymous.
/// </summary>
public sealed class FunctionAuthLevelTests
{
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET health"] = "Anonymous",
        ["POST auth/login"] = "Anonymous",
        ["POST auth/member-token"] = "Anonymous",
        ["POST webhooks/perfectgym-next"] = "Anonymous",
        ["GET status"] = "Anonymous",
        ["POST status/sign-in"] = "Anonymous",
        ["GET status.json"] = "Anonymous",
        ["PUT auth/credentials/{userName}"] = "Function",
        ["POST integrations/{integration}/initial-sync"] = "Function",
        ["GET integrations/{integration}/sync-runs/{runId}"] = "Function",
        ["GET integrations/{integration}/catalog"] = "Function",
        ["POST integrations/{integration}/members/{memberId}/resync"] = "Function",
        ["POST integrations/{integration}/confirm-activation"] = "Function",
        ["GET schedules"] = "Function",
        ["POST schedules/{function}"] = "Function",
    };

    [Fact]
    public void Every_http_route_has_the_auth_level_its_callers_can_meet()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppProcess.BuildOutput("Fisikal.Sync.Functions"), "functions.metadata")))!.AsArray();
        var actual = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in metadata)
        {
            foreach (var binding in function!["bindings"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "httpTrigger"))
            {
                foreach (var method in binding!["methods"]!.AsArray())
                {
                    actual[$"{method!.GetValue<string>().ToUpperInvariant()} {binding["route"]!.GetValue<string>()}"] = binding["authLevel"]!.GetValue<string>();
                }
            }
        }

        Assert.Equal(Expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    /// <summary>The admin key is checked by middleware for the functions marked [AdminKey]: every admin route is marked, no public one is.</summary>
    [Fact]
    public void Every_admin_route_and_only_those_is_marked_for_the_admin_key_middleware()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppProcess.BuildOutput("Fisikal.Sync.Functions"), "functions.metadata")))!.AsArray();
        var marked = new SortedSet<string>(StringComparer.Ordinal);
        var http = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var function in metadata)
        {
            var entryPoint = function!["entryPoint"]!.GetValue<string>();
            var dot = entryPoint.LastIndexOf('.');
            var method = typeof(AdminKeyAttribute).Assembly.GetType(entryPoint[..dot], throwOnError: true)!.GetMethod(entryPoint[(dot + 1)..])!;
            var name = function["name"]!.GetValue<string>();
            if (function["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "httpTrigger"))
            {
                http.Add(name);
            }

            if (method.GetCustomAttributes(typeof(AdminKeyAttribute), inherit: false).Length > 0)
            {
                marked.Add(name);
            }
        }

        Assert.Equal(
            ["Catalog", "ConfirmActivation", "Credentials", "InitialSync", "Resync", "RunSchedule", "Schedules", "StatusJson", "StatusPage", "SyncRun"],
            marked);
        Assert.Equal(["Health", "Login", "MemberToken", "PerfectGymNextWebhook", "StatusSignIn"], http.Except(marked));
    }
}
