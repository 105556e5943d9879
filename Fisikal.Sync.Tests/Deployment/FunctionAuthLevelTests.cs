using System.Text.Json.Nodes;
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
}
