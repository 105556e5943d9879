using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Fisikal.Sync.Core.Storage;
using Fisikal.Sync.Simulators.Azurite;
using Fisikal.Sync.Simulators.PerfectGymNext;
using Fisikal.Sync.Simulators.Processes;
using Fisikal.Sync.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fisikal.Sync.Tests.Operations;

/// <summary>
/// The status page in Debian's Chromium driven by Playwright, against the app's real binary on a real port: signed in
/// through its form, it renders without console errors, fits a phone, and shows the figures <c>/api/status.json</c>
/// reports. The screenshot is kept in TestResults/status-page.png.
/// </summary>
public sealed class StatusPageTests : IAsyncLifetime
{
    private AzuriteProcess _azurite = null!;
    private PerfectGymNextSimulator _club = null!;
    private AppProcess _app = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _club = await PerfectGymNextSimulator.StartAsync(new PerfectGymNextSimulatorOptions { Customers = 60 });
        var settings = TestAppSettings.For(_azurite, _club, separator: "__");

        // No schedule fires during the test: the page must show the same figures as the JSON read just before it.
        foreach (var schedule in new[] { "ClientSyncSchedule", "PackageSweepSchedule", "AccessSyncSchedule" })
        {
            settings[$"Integrations__{TestAppSettings.Integration}__{schedule}"] = "0 0 0 1 1 *";
        }

        _app = await AppProcess.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _club.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task The_page_renders_without_errors_fits_a_phone_and_shows_the_figures_of_the_json()
    {
        using (var started = await _app.Http.PostAsync(new Uri($"/api/integrations/{TestAppSettings.Integration}/initial-sync", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            await SyncRunWatcher.WaitAsync(_app.Http, started.Headers.Location!, TimeSpan.FromSeconds(60));
        }

        var json = JsonNode.Parse(await _app.Http.GetStringAsync(new Uri("/api/status.json", UriKind.Relative)))!;
        var (playwright, browser) = await DebianChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var phone = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await phone.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        // As a person does: the page asks for the key, and the form's cookie lets the browser in.
        var signInForm = await page.GotoAsync(new Uri(_app.Address, "/api/status").AbsoluteUri);
        Assert.Equal(401, signInForm!.Status);
        await page.FillAsync("input[name=key]", TestAppSettings.AdminKey);
        var statusPage = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("button[type=submit]"),
            response => response.Url.EndsWith("/api/status", StringComparison.Ordinal) && response.Request.Method == "GET");
        Assert.Equal(200, statusPage.Status);
        await page.WaitForLoadStateAsync(LoadState.Load);

        // The browser reports the sign-in form's own 401 as a failed load; nothing else may be.
        Assert.All(errors, e => Assert.Contains("401", e, StringComparison.Ordinal));
        errors.Clear();
        await page.ReloadAsync();

        var shown = await page.EvaluateAsync<Dictionary<string, string>>(
            "Object.fromEntries([...document.querySelectorAll('[data-k]')].map(e => [e.dataset.k, e.textContent.trim()]))");
        var fitsPhone = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
        var title = await page.TitleAsync();
        var screenshot = Path.Combine(RepositoryRoot.Path, "TestResults", "status-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

        Assert.Empty(errors);
        Assert.Equal("Fisikal Sync status", title);
        Assert.True(fitsPhone, "the page is wider than a phone's screen");
        Assert.True(png.Length > 10_000, "the screenshot is empty");
        Assert.Contains("integrations.0.recentRuns.0.membersSeen", shown.Keys);
        Assert.Contains("integrations.0.openNotifications", shown.Keys);
        Assert.Contains("queues.0.depth", shown.Keys);

        // A few figures against what is there, not only against the reader that made the JSON.
        var tables = new TableServiceClient(_azurite.ConnectionString);
        var clients = await tables.GetTableClient(TableNames.Clients).QueryAsync<TableEntity>($"PartitionKey eq '{TestAppSettings.Integration}'").CountAsync();
        var open = await tables.GetTableClient(TableNames.Notifications).QueryAsync<TableEntity>($"PartitionKey eq '{TestAppSettings.Integration}'").CountAsync(n => n.GetBoolean("Open") == true);
        Assert.Equal(_club.Store.Count.ToString(CultureInfo.InvariantCulture), shown["integrations.0.recentRuns.0.membersSeen"]);
        Assert.Equal(clients.ToString(CultureInfo.InvariantCulture), shown["integrations.0.recentRuns.0.clientsWritten"]);
        Assert.Equal(open.ToString(CultureInfo.InvariantCulture), shown["integrations.0.openNotifications"]);
        Assert.Equal("Completed", shown["integrations.0.recentRuns.0.status"]);
        foreach (var (key, text) in shown)
        {
            var value = key.Split('.').Aggregate((JsonNode?)json, (node, part) => int.TryParse(part, CultureInfo.InvariantCulture, out var i) ? node?[i] : node?[part]);
            var expected = value?.GetValueKind() switch
            {
                JsonValueKind.Number => value.GetValue<double>().ToString("0", CultureInfo.InvariantCulture),
                JsonValueKind.String => value.GetValue<string>(),
                null => "–",
                _ => value.ToJsonString(),
            };
            var actual = text;
            if (key == "generatedAt")
            {
                continue;
            }

            if (key.Contains("staleAtMostSeconds", StringComparison.Ordinal) && value is not null)
            {
                // The page was rendered a moment after the JSON: the bound has grown by that moment.
                Assert.InRange(double.Parse(actual, CultureInfo.InvariantCulture) - value.GetValue<double>(), 0, 30);
                continue;
            }

            if (key.EndsWith(".lastResult", StringComparison.Ordinal))
            {
                Assert.StartsWith(value?.GetValue<string>() ?? "never run", actual, StringComparison.Ordinal);
                continue;
            }

            Assert.True(expected == actual, $"{key}: the page shows '{actual}', the JSON says '{expected}'");
        }
    }

    [Fact]
    public async Task A_browser_without_the_key_gets_a_sign_in_form_and_the_key_gives_it_a_cookie_not_the_key()
    {
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = _app.Address };

        using var anonymous = await browser.GetAsync(new Uri("/api/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("action=\"/api/status/sign-in\"", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrong = await browser.PostAsync(new Uri("/api/status/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "guess" }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var signIn = await browser.PostAsync(new Uri("/api/status/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = TestAppSettings.AdminKey }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TestAppSettings.AdminKey, cookie, StringComparison.Ordinal);

        using var page = await browser.GetAsync(new Uri("/api/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h2>Queues</h2>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
