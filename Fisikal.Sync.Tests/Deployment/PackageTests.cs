using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fisikal.Sync.Functions.Hosting;
using Fisikal.Sync.Simulators.Processes;
using Fisikal.Sync.Tests.Infrastructure;

namespace Fisikal.Sync.Tests.Deployment;

/// <summary>
/// The deployment package, built by the same script as <c>make package</c> (and azd's prepackage hook), is what
/// Azure Functions runs for a .NET isolated worker: the framework-dependent publish with host.json, functions.metadata,
/// worker.config.json and .azurefunctions/ at its root, every %Setting% a binding names documented and provisioned, and
/// the packaged worker starts under the host emulator and answers /api/health.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class PackageTests(PackageTests.PackageFixture package) : IClassFixture<PackageTests.PackageFixture>
{
    [Fact]
    public void The_package_is_the_isolated_workers_publish_with_the_hosts_files_at_its_root()
    {
        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", "Fisikal.Sync.Functions.dll" })
        {
            Assert.True(File.Exists(Path.Combine(package.Folder, file)), file + " is missing from the package");
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(package.Folder, ".azurefunctions"), "*.dll"));
        Assert.False(File.Exists(Path.Combine(package.Folder, "libcoreclr.so")), "the package is framework-dependent: no runtime of its own");
        Assert.DoesNotContain("customHandler", File.ReadAllText(Path.Combine(package.Folder, "host.json")), StringComparison.Ordinal);
        var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Folder, "worker.config.json"))).RootElement.GetProperty("description");
        Assert.Equal("Fisikal.Sync.Functions.dll", worker.GetProperty("defaultWorkerPath").GetString());
        using var zip = ZipFile.OpenRead(package.Zip);
        Assert.Contains(zip.Entries, e => e.FullName == "functions.metadata");
        Assert.Contains(zip.Entries, e => e.FullName == "host.json");
    }

    [Fact]
    public void No_binding_depends_on_a_setting_being_present()
    {
        // Under the host a trigger whose %Setting% is missing never runs: the app starts with AzureWebJobsStorage alone.
        var metadata = File.ReadAllText(Path.Combine(package.Folder, "functions.metadata"));

        Assert.Empty(SettingReference().Matches(metadata).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task The_packaged_worker_starts_under_the_host_emulator_and_answers_health()
    {
        var azurite = await AzuriteServer.GetAsync();
        await using var app = await AppProcess.StartAsync(
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString },
            worker: package.Folder);

        using var response = await app.Http.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();

    public sealed class PackageFixture : IAsyncLifetime
    {
        private readonly string _root = Directory.CreateTempSubdirectory("fisikal-package-").FullName;

        public string Folder => Path.Combine(_root, "package");

        public string Zip => Path.Combine(_root, "fisikal-sync.zip");

        public async Task InitializeAsync()
        {
            var output = new StringBuilder();
            await using var script = WatchedProcess.Start(
                "bash",
                [Path.Combine(RepositoryRoot.Path, "scripts", "package.sh"), _root],
                line =>
                {
                    lock (output)
                    {
                        output.AppendLine(line);
                    }
                },
                workingDirectory: RepositoryRoot.Path);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await script.WaitForExitAsync(timeout.Token);
            if (script.ExitCode != 0)
            {
                throw new InvalidOperationException($"scripts/package.sh failed ({script.ExitCode}):\n{output}");
            }
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_root, recursive: true);
            return Task.CompletedTask;
        }
    }
}
