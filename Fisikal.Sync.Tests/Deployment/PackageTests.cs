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
/// the Functions host needs: host.json naming an executable that exists and runs, one folder per function the
/// app serves, every setting a binding names documented and provisioned, and a zip that keeps the executable bit.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class PackageTests(PackageTests.PackageFixture package) : IClassFixture<PackageTests.PackageFixture>
{
    [Fact]
    public void Every_function_the_app_serves_has_a_folder_with_its_function_json_and_every_folder_a_function()
    {
        var folders = Directory.GetDirectories(package.Folder).Select(Path.GetFileName).Where(name => name != "app").Order(StringComparer.Ordinal);
        Assert.Equal(FunctionCatalog.AllNames.Order(StringComparer.Ordinal), folders);
        foreach (var name in FunctionCatalog.AllNames)
        {
            var packaged = File.ReadAllText(Path.Combine(package.Folder, name, "function.json"));
            using var json = JsonDocument.Parse(packaged);
            Assert.NotEmpty(json.RootElement.GetProperty("bindings").EnumerateArray());
            Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "functions", name, "function.json")), packaged);
        }
    }

    [Fact]
    public void Host_json_points_at_a_self_contained_linux_x64_executable_that_exists()
    {
        var description = HostDescription();
        var executable = Path.Combine(package.Folder, description.GetProperty("defaultExecutablePath").GetString()!);
        Assert.True(File.Exists(executable), executable + " is missing");
        Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), "the executable has no x bit");
        var header = new byte[20];
        using (var stream = File.OpenRead(executable))
        {
            stream.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        Assert.Equal(0x3E, header[18]); // e_machine: x86-64
        Assert.True(Directory.Exists(Path.Combine(package.Folder, description.GetProperty("workingDirectory").GetString()!)));

        // Self-contained: the runtime travels with the app, whatever .NET the host's image has.
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(executable + ".runtimeconfig.json"));
        Assert.True(runtimeConfig.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(executable)!, "libcoreclr.so")));
    }

    [Fact]
    public void Every_setting_a_binding_names_is_documented_sampled_and_provisioned()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var bicep = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "resources.bicep"));
        var settings = Directory.GetFiles(package.Folder, "function.json", SearchOption.AllDirectories)
            .SelectMany(file => SettingReference().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(settings);
        foreach (var setting in settings)
        {
            Assert.Contains($"`{setting}`", readme, StringComparison.Ordinal);
            Assert.True(sample.RootElement.GetProperty("Values").TryGetProperty(setting, out _), setting + " is not in local.settings.sample.json");
            Assert.Contains($"name: '{setting}'", bicep, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_zip_holds_exactly_the_package_and_keeps_the_executable_bit()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        var files = Directory.GetFiles(package.Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(package.Folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(files, zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var executable = zip.GetEntry(HostDescription().GetProperty("defaultExecutablePath").GetString()!);
        Assert.NotNull(executable);
        Assert.Equal(0b111_101_101, (executable.ExternalAttributes >> 16) & 0b111_111_111);
    }

    [Fact]
    public async Task The_packaged_executable_starts_as_the_host_starts_it_and_answers_an_invocation()
    {
        var description = HostDescription();
        var executable = Path.Combine(package.Folder, description.GetProperty("defaultExecutablePath").GetString()!);
        var azurite = await AzuriteServer.GetAsync();
        await using var app = await AppProcess.StartAsync(
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString },
            asCustomHandler: true,
            appPath: executable);

        using var response = await app.Http.PostAsync(
            new Uri("/" + "Health", UriKind.Relative),
            new StringContent(
                JsonSerializer.Serialize(new { Data = new { req = new { Url = "https://fisikal.azurewebsites.net/api/health", Method = "GET", Headers = new { }, Body = "" } }, Metadata = new { } }),
                Encoding.UTF8,
                "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("200", body.GetProperty("Outputs").GetProperty("res").GetProperty("statusCode").GetString());
    }

    [Fact]
    public void Azure_yaml_deploys_the_zip_the_script_builds_to_the_app_the_infrastructure_tags()
    {
        var azureYaml = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "azure.yaml"));
        var bicep = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "resources.bicep"));
        var service = Regex.Match(azureYaml, @"^services:\s*\n\s+(\S+):", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal(Regex.Match(bicep, @"var serviceName = '([^']+)'").Groups[1].Value, service);
        Assert.Contains("host: function", azureYaml, StringComparison.Ordinal);
        Assert.Contains("dist: artifacts/" + Path.GetFileName(package.Zip), azureYaml, StringComparison.Ordinal);
        Assert.Contains("run: make package", azureYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_infrastructure_reaches_storage_by_identity_only_and_keeps_secrets_in_key_vault()
    {
        var bicep = string.Concat(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "infra"), "*.bicep").Select(File.ReadAllText));
        Assert.Contains("allowSharedKeyAccess: false", bicep, StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys(", bicep, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey=", bicep, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobsStorage__credential', value: 'managedidentity'", bicep, StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(", bicep, StringComparison.Ordinal);
        Assert.Contains("name: 'dotnet-isolated'", bicep, StringComparison.Ordinal);
        Assert.DoesNotContain("br/public:", bicep, StringComparison.Ordinal); // plain resources, no registry modules
    }

    private JsonElement HostDescription()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Folder, "host.json")));
        return host.RootElement.GetProperty("customHandler").GetProperty("description").Clone();
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();

    /// <summary>Builds the package once for the class with scripts/package.sh, into a temp folder.</summary>
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
