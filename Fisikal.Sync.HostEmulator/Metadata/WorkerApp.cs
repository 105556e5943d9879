using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fisikal.Sync.HostEmulator.Metadata;

/// <summary>
/// The worker's build output as the Functions host reads it: <c>worker.config.json</c> (how to start it),
/// <c>functions.metadata</c> (its functions and their bindings) and <c>host.json</c>.
/// </summary>
public sealed record WorkerApp(string Directory, string Executable, string WorkerPath, IReadOnlyList<FunctionDefinition> Functions, JsonObject HostJson)
{
    public static WorkerApp Load(string directory)
    {
        var config = Read(directory, "worker.config.json")["description"]!;
        var functions = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "functions.metadata")))!.AsArray()
            .Select(f => new FunctionDefinition(
                (string)f!["name"]!,
                (string)f["scriptFile"]!,
                (string)f["entryPoint"]!,
                (string?)f["language"] ?? "dotnet-isolated",
                f["bindings"]!.AsArray().Select(b => b!.AsObject()).ToList()))
            .ToList();
        var hostJson = File.Exists(Path.Combine(directory, "host.json")) ? Read(directory, "host.json") : new JsonObject();
        return new WorkerApp(directory, (string)config["defaultExecutablePath"]!, (string)config["defaultWorkerPath"]!, functions, hostJson);
    }

    /// <summary>A host.json value by its path (<c>extensions:queues:batchSize</c>), or the default.</summary>
    public T Setting<T>(string path, T fallback)
    {
        JsonNode? node = HostJson;
        foreach (var part in path.Split(':'))
        {
            node = node is JsonObject o ? o.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value : null;
        }

        return node is null ? fallback : node.Deserialize<T>() ?? fallback;
    }

    private static JsonObject Read(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{file} is missing from {directory}: is it an isolated worker's build output?", path);
        }

        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }
}
