using Microsoft.Playwright;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (scripts/ensure-tools.sh --browser installs it), driven by Playwright. Playwright's own browser
/// download can't work offline, so it launches this one by its path, with the flags that keep it off the network.
/// If it is missing the test fails saying so: nothing is skipped.
/// </summary>
public static class DebianChromium
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var binary = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: `bash scripts/ensure-tools.sh --browser` (run by make test) installs Debian's chromium.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = binary,
            Headless = true,
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
