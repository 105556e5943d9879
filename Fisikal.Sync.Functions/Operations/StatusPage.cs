using Microsoft.Azure.Functions.Worker;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Fisikal.Sync.Functions.Operations;

/// <summary>
/// The status page: the facts of <c>/api/status.json</c>, rendered on the server as one HTML page an operator reads at a
/// glance, on a phone too. It refreshes itself every 30 seconds; no script, no framework. Every figure carries a
/// <c>data-k</c> attribute naming its place in the JSON, so a test can hold the page to the JSON.
/// </summary>
public static class StatusPage
{
    public static string Render(JsonElement status)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="30">
            <link rel="icon" href="data:,">
            <title>Fisikal Sync status</title>
            <style>
            body{font:15px/1.4 system-ui,sans-serif;margin:0;padding:12px;color:#1b1f23;background:#f6f8fa}
            h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:18px 0 6px}h3{font-size:15px;margin:12px 0 4px}
            section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 12px;margin:12px 0}
            table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 6px;border-bottom:1px solid #eaeef2;vertical-align:top}
            th{font-weight:600;color:#57606a;font-size:13px}.num{text-align:right;font-variant-numeric:tabular-nums}
            .ok{color:#1a7f37}.bad{color:#cf222e;font-weight:600}.muted{color:#57606a;font-size:13px}
            progress{width:100%;height:12px}.wrap{overflow-wrap:anywhere}
            @media (max-width:600px){.wide{display:none}}
            </style>
            </head>
            <body>
            <h1>Fisikal Sync</h1>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Generated <span data-k=\"generatedAt\">{Text(status.GetProperty("generatedAt"))}</span> UTC · refreshes every 30 s · <a href=\"/api/status.json\">JSON</a></p>\n");

        var integrations = status.GetProperty("integrations");
        for (var i = 0; i < integrations.GetArrayLength(); i++)
        {
            Integration(html, integrations[i], $"integrations.{i}");
        }

        html.Append("<section><h2>Queues</h2><table><tr><th>queue</th><th class=\"num\">waiting</th><th class=\"num\">poison</th></tr>\n");
        var queues = status.GetProperty("queues");
        for (var q = 0; q < queues.GetArrayLength(); q++)
        {
            var queue = queues[q];
            var poison = queue.GetProperty("poison").GetInt32();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(queue.GetProperty("name").GetString())}</td><td class=\"num\" data-k=\"queues.{q}.depth\">{queue.GetProperty("depth").GetInt32()}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num {(poison > 0 ? "bad" : "ok")}\" data-k=\"queues.{q}.poison\">{poison}</td></tr>\n");
        }

        html.Append("</table></section>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The sign-in form a browser gets instead of the page when it has no admin key.</summary>
    public const string Html = "text/html; charset=utf-8";

    /// <summary>The sign-in form as a 401 answer (a browser without the key, or with a wrong one).</summary>
    public static IResult SignInResult(bool failed) => Results.Content(SignIn(failed), Html, statusCode: 401);

    public static string SignIn(bool failed) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
        <title>Fisikal Sync status: sign in</title>
        <style>body{font:15px/1.4 system-ui,sans-serif;margin:0;padding:24px;background:#f6f8fa}input,button{font:inherit;padding:6px;margin:4px 0;width:100%;max-width:360px}</style></head>
        <body><h1>Fisikal Sync status</h1>{{(failed ? "<p style=\"color:#cf222e\">That key is not right.</p>" : string.Empty)}}
        <form method="post" action="/api/status/sign-in"><label>Admin key<br><input type="password" name="key" autocomplete="current-password" required></label><br><button type="submit">Show status</button></form>
        </body></html>
        """;

    private static void Integration(StringBuilder html, JsonElement integration, string path)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>{E(integration.GetProperty("name").GetString())} <span class=\"muted\">{E(integration.GetProperty("kind").GetString())}</span></h2>\n");

        Schedules(html, integration, path);
        Freshness(html, integration, path);
        Budget(html, integration, path);
        Runs(html, integration, path);
        Notifications(html, integration, path);
        Failures(html, integration, path);
    }

    /// <summary>Each schedule: its last run, how it went, its next run.</summary>
    private static void Schedules(StringBuilder html, JsonElement integration, string path)
    {
        html.Append("<h3>Schedules</h3><table><tr><th>schedule</th><th>last run</th><th>result</th><th class=\"wide\">next run</th></tr>\n");
        var schedules = integration.GetProperty("schedules");
        for (var s = 0; s < schedules.GetArrayLength(); s++)
        {
            var schedule = schedules[s];
            var result = schedule.GetProperty("lastResult").GetString();
            var error = schedule.GetProperty("lastError").GetString();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(schedule.GetProperty("name").GetString())}</td><td>{Text(schedule.GetProperty("lastStartedAt"))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"{(error is not null ? "bad" : result is null ? "muted" : "ok")} wrap\" data-k=\"{path}.schedules.{s}.lastResult\">{E(result ?? "never run")}{(error is null ? string.Empty : ": " + E(error))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"wide\">{Text(schedule.GetProperty("nextRunAt"))}</td></tr>\n");
        }
    }

    /// <summary>How long ago, at most, every package and check-in was re-checked.</summary>
    private static void Freshness(StringBuilder html, JsonElement integration, string path)
    {
        html.Append("</table>\n<h3>Freshness</h3><table>\n");
        foreach (var (name, label) in new[] { ("packages", "packages re-checked"), ("checkins", "check-ins re-checked") })
        {
            var stale = integration.GetProperty("freshness").GetProperty(name).GetProperty("staleAtMostSeconds");
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{label}</td><td class=\"num\" data-k=\"{path}.freshness.{name}.staleAtMostSeconds\">{(stale.ValueKind == JsonValueKind.Number ? stale.GetDouble().ToString("0", CultureInfo.InvariantCulture) : "–")}</td><td class=\"muted\">seconds ago at most{(stale.ValueKind == JsonValueKind.Number ? $" ({Ago(stale.GetDouble())})" : ": no whole cycle yet")}</td></tr>\n");
        }
    }

    /// <summary>What the instances took from the shared rate budget in the last hour.</summary>
    private static void Budget(StringBuilder html, JsonElement integration, string path)
    {
        html.Append("</table>\n<h3>Budget, last hour</h3>");
        var budget = integration.GetProperty("budget");
        if (budget.GetArrayLength() == 0)
        {
            html.Append("<p class=\"muted\">No requests in the last hour.</p>\n");
        }
        else
        {
            html.Append("<p class=\"muted\">Tokens the instances took from the shared budget (they take them in small chunks), against what the limits allowed in those minutes.</p>")
                .Append("<table><tr><th>endpoint</th><th class=\"num\">taken</th><th class=\"num\">allowed</th><th>use</th></tr>\n");
            for (var b = 0; b < budget.GetArrayLength(); b++)
            {
                var e = budget[b];
                var percent = e.GetProperty("percent").GetDouble();
                html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"wrap\">{E(e.GetProperty("endpoint").GetString())}</td><td class=\"num\" data-k=\"{path}.budget.{b}.usedLastHour\">{e.GetProperty("usedLastHour").GetInt64()}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{e.GetProperty("allowedInThoseMinutes").GetInt64()}</td><td><progress max=\"100\" value=\"{percent.ToString(CultureInfo.InvariantCulture)}\"></progress> {percent.ToString("0.#", CultureInfo.InvariantCulture)}%</td></tr>\n");
            }

            html.Append("</table>\n");
        }
    }

    /// <summary>The recent sync runs and their progress.</summary>
    private static void Runs(StringBuilder html, JsonElement integration, string path)
    {
        html.Append("<h3>Sync runs</h3>");
        var runs = integration.GetProperty("recentRuns");
        if (runs.GetArrayLength() == 0)
        {
            html.Append("<p class=\"muted\">No runs yet: start an initial sync.</p>\n");
        }

        for (var r = 0; r < runs.GetArrayLength(); r++)
        {
            var run = runs[r];
            var chunks = run.GetProperty("packageChunks").GetInt32();
            var done = run.GetProperty("packageChunksDone").GetInt32();
            var state = run.GetProperty("status").GetString();
            html.Append(CultureInfo.InvariantCulture, $"<div><strong>{E(run.GetProperty("kind").GetString())}</strong> <span class=\"{(state == "Failed" ? "bad" : "muted")}\" data-k=\"{path}.recentRuns.{r}.status\">{E(state)}</span> ")
                .Append(CultureInfo.InvariantCulture, $"<span class=\"muted\">{Text(run.GetProperty("createdAt"))}</span><br>")
                .Append(CultureInfo.InvariantCulture, $"<progress max=\"{Math.Max(1, chunks)}\" value=\"{(state == "Completed" ? Math.Max(1, chunks) : done)}\"></progress>")
                .Append(CultureInfo.InvariantCulture, $"<span class=\"muted\"><span data-k=\"{path}.recentRuns.{r}.membersSeen\">{run.GetProperty("membersSeen").GetInt32()}</span> members seen, ")
                .Append(CultureInfo.InvariantCulture, $"<span data-k=\"{path}.recentRuns.{r}.clientsWritten\">{run.GetProperty("clientsWritten").GetInt32()}</span> clients written, ")
                .Append(CultureInfo.InvariantCulture, $"<span data-k=\"{path}.recentRuns.{r}.packageChunksDone\">{done}</span> of {chunks} package batches, ")
                .Append(CultureInfo.InvariantCulture, $"<span data-k=\"{path}.recentRuns.{r}.packagesAssigned\">{run.GetProperty("packagesAssigned").GetInt32()}</span> packages assigned, {run.GetProperty("errors").GetInt32()} errors</span>");
            if (run.TryGetProperty("error", out var runError) && runError.ValueKind == JsonValueKind.String)
            {
                html.Append(CultureInfo.InvariantCulture, $"<br><span class=\"bad wrap\">{E(runError.GetString())}</span>");
            }

            html.Append("</div>\n");
        }
    }

    /// <summary>The open notifications.</summary>
    private static void Notifications(StringBuilder html, JsonElement integration, string path)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h3>Open notifications: <span data-k=\"{path}.openNotifications\">{integration.GetProperty("openNotifications").GetInt32()}</span></h3><table>\n");
        var notifications = integration.GetProperty("notifications");
        for (var k = 0; k < notifications.GetArrayLength(); k++)
        {
            var n = notifications[k];
            var members = n.GetProperty("members");
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(n.GetProperty("kind").GetString())}</td><td class=\"wrap\">{E(n.GetProperty("message").GetString())}")
                .Append(members.ValueKind == JsonValueKind.Number ? $" <span class=\"muted\">(<span data-k=\"{path}.notifications.{k}.members\">{members.GetInt32()}</span> members hold it)</span>" : string.Empty)
                .Append("</td></tr>\n");
        }
    }

    /// <summary>The latest failures (schedules and notifications), and the end of the section.</summary>
    private static void Failures(StringBuilder html, JsonElement integration, string path)
    {
        html.Append("</table>\n<h3>Last failures</h3>");
        var failures = integration.GetProperty("recentFailures");
        html.Append(failures.GetArrayLength() == 0 ? "<p class=\"ok\">None.</p>\n" : "<table>\n");
        foreach (var f in failures.EnumerateArray())
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(f.GetProperty("what").GetString())}<br><span class=\"muted\">{Text(f.GetProperty("at"))}</span></td><td class=\"bad wrap\">{E(f.GetProperty("reason").GetString())}</td></tr>\n");
        }

        html.Append(failures.GetArrayLength() == 0 ? string.Empty : "</table>\n").Append("</section>\n");
    }
    private static string Ago(double seconds) => seconds switch
    {
        < 120 => $"{seconds:0} s",
        < 7200 => $"{seconds / 60:0} min",
        _ => $"{seconds / 3600:0.#} h",
    };

    /// <summary>A JSON value as page text: a date-time shortened to the second (UTC), null as a dash.</summary>
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "–",
        JsonValueKind.String when value.TryGetDateTimeOffset(out var at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        JsonValueKind.String => E(value.GetString()),
        _ => E(value.GetRawText()),
    };

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
