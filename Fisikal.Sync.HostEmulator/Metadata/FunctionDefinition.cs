using System.Text.Json.Nodes;

namespace Fisikal.Sync.HostEmulator.Metadata;

/// <summary>One function as the worker's build describes it in <c>functions.metadata</c>.</summary>
public sealed record FunctionDefinition(string Name, string ScriptFile, string EntryPoint, string Language, IReadOnlyList<JsonObject> Bindings)
{
    /// <summary>The trigger binding (the one whose type ends in "Trigger").</summary>
    public JsonObject Trigger => Bindings.Single(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);

    public string TriggerType => (string)Trigger["type"]!;
}
