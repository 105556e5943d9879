using Fisikal.Sync.HostEmulator.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace Fisikal.Sync.HostEmulator.Triggers;

/// <summary>An HTTP function's route under the host's prefix (<c>api</c>), its methods and its trigger's binding name.</summary>
public sealed class HttpFunctionRoute
{
    private readonly TemplateMatcher _matcher;

    public HttpFunctionRoute(FunctionDefinition function)
    {
        Function = function;
        var trigger = function.Trigger;
        Template = (string?)trigger["route"] ?? function.Name;
        Methods = trigger["methods"]?.AsArray().Select(m => ((string)m!).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        BindingName = (string)trigger["name"]!;
        var parsed = TemplateParser.Parse(Template);
        Parameters = parsed.Parameters.Count;
        Literals = parsed.Segments.Count(s => s.IsSimple && s.Parts[0].IsLiteral);
        _matcher = new TemplateMatcher(parsed, new RouteValueDictionary());
    }

    public FunctionDefinition Function { get; }

    public string Template { get; }

    public string BindingName { get; }

    /// <summary>Null: every method.</summary>
    public IReadOnlySet<string>? Methods { get; }

    public int Parameters { get; }

    public int Literals { get; }

    public bool TryMatch(string path, RouteValueDictionary values) => _matcher.TryMatch(path, values);
}
