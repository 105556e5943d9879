using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>
/// Response payloads made from the vendors' published reference files (verbatim copies in <c>Published/</c>, see its
/// README), not from our reading of them. A PerfectGym Next response is the 1.5.0 Open API spec's response schema
/// sampled as the vendor's rendered documentation shows a response sample (a property's <c>example</c>, else its first
/// <c>enum</c> value, else the usual sampler default for its type and format), with every field example of the
/// 1.11.0 reference page laid over it at its path. JSON code blocks of the general-information pages are taken as they are.
/// </summary>
public static partial class PublishedExamples
{
    private static readonly string Root = Path.Combine(RepositoryRoot.Path, "Fisikal.Sync.Tests", "Published");
    private static readonly Lazy<JsonObject> Spec = new(() => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "PerfectGymNext", "magicline-openapi.json")))!.AsObject());

    /// <summary>The 200 response of a PerfectGym Next operation: the 1.5.0 sample with the 1.11.0 page's field examples laid over it.</summary>
    public static JsonNode PerfectGymNextResponse(string operationId, string page)
    {
        var sample = SampleResponse(operationId);
        var fields = ResponseFields(File.ReadAllText(PerfectGymNextPage(page)));
        var arrays = fields.Where(f => f.Type.StartsWith("array", StringComparison.Ordinal)).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            Overlay(sample, field, arrays);
        }

        return sample;
    }

    /// <summary>The JSON code blocks of a 1.11.0 page, in order, exactly as published.</summary>
    public static IReadOnlyList<JsonNode> CodeBlocks(string page) =>
        [.. JsonBlock().Matches(File.ReadAllText(PerfectGymNextPage(page))).Select(m => JsonNode.Parse(m.Groups[1].Value)!)];

    /// <summary>The webhook spec's request body sampled the same way (its only operation).</summary>
    public static JsonNode PerfectGymNextWebhookSample()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "PerfectGymNext", "magicline-webhooks.json")))!.AsObject();
        return Sample(spec, spec["components"]!["schemas"]!["WebhookEventRequest"]!, 0);
    }

    private static string PerfectGymNextPage(string page) => Path.Combine(Root, "PerfectGymNext", "md-1.11.0", page);

    private static JsonNode SampleResponse(string operationId)
    {
        foreach (var (_, operations) in Spec.Value["paths"]!.AsObject())
        {
            foreach (var (_, operation) in operations!.AsObject())
            {
                if (operation?["operationId"]?.GetValue<string>() == operationId)
                {
                    return Sample(Spec.Value, operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!, 0);
                }
            }
        }

        throw new ArgumentException($"The spec has no operation '{operationId}'.", nameof(operationId));
    }

    /// <summary>A sample of a schema, by the conventions of OpenAPI documentation renderers (openapi-sampler).</summary>
    private static JsonNode Sample(JsonObject spec, JsonNode schema, int depth)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var target = reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode)spec, (node, part) => node[part]!);
            return schema["example"] is { } refExample ? refExample.DeepClone() : Sample(spec, target, depth + 1);
        }

        if (schema["example"] is { } example)
        {
            return example.DeepClone();
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            var merged = new JsonObject();
            foreach (var part in allOf)
            {
                if (Sample(spec, part!, depth + 1) is JsonObject partSample)
                {
                    foreach (var (name, value) in partSample)
                    {
                        merged[name] = value?.DeepClone();
                    }
                }
            }

            return merged;
        }

        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices)
        {
            return Sample(spec, choices[0]!, depth + 1);
        }

        if (schema["enum"] is JsonArray values)
        {
            return values[0]!.DeepClone();
        }

        if (schema["default"] is { } defaultValue)
        {
            return defaultValue.DeepClone();
        }

        var type = schema["type"]?.GetValue<string>() ?? (schema["properties"] is null ? "string" : "object");
        return type switch
        {
            "object" => SampleObject(spec, schema, depth),
            "array" => depth > 12 ? new JsonArray() : new JsonArray(Sample(spec, schema["items"]!, depth + 1)),
            "integer" or "number" => JsonValue.Create(schema["minimum"]?.GetValue<decimal>() ?? 0m),
            "boolean" => JsonValue.Create(true),
            _ => JsonValue.Create(schema["format"]?.GetValue<string>() switch
            {
                "date" => "2019-08-24",
                "date-time" => "2019-08-24T14:15:22Z",
                "email" => "user@example.com",
                "uuid" => "095be615-a8ad-4c33-8e9c-c7612fbf6c9f",
                "uri" or "url" => "http://example.com",
                _ => "string",
            }),
        };
    }

    private static JsonObject SampleObject(JsonObject spec, JsonNode schema, int depth)
    {
        var result = new JsonObject();
        if (depth > 12 || schema["properties"] is not JsonObject properties)
        {
            return result;
        }

        foreach (var (name, property) in properties)
        {
            if (property?["writeOnly"]?.GetValue<bool>() != true)
            {
                result[name] = Sample(spec, property!, depth + 1);
            }
        }

        return result;
    }

    /// <summary>The fields of a page's "Response 200 fields" section: path, type and published example or enum.</summary>
    private static List<PublishedField> ResponseFields(string markdown)
    {
        var start = markdown.IndexOf("## Response 200 fields", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidDataException("The page has no 'Response 200 fields' section.");
        }

        var end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = markdown[start..(end < 0 ? markdown.Length : end)];
        var fields = new List<PublishedField>();
        foreach (Match match in FieldEntry().Matches(section))
        {
            var body = match.Groups["body"].Value;
            var example = ExampleLine().Match(body) is { Success: true } e ? ParseLiteral(e.Groups[1].Value.Trim()) : null;
            var firstEnum = EnumLine().Match(body) is { Success: true } en ? JsonValue.Create(en.Groups[1].Value) : null;
            fields.Add(new PublishedField(match.Groups["path"].Value, match.Groups["type"].Value, example ?? firstEnum));
        }

        return fields;
    }

    private static JsonNode ParseLiteral(string text)
    {
        try
        {
            return JsonNode.Parse(text) ?? JsonValue.Create(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>Sets a field's published value at its path; an array on the way means its first item.</summary>
    private static void Overlay(JsonNode root, PublishedField field, IReadOnlySet<string> arrays)
    {
        if (field.Value is null)
        {
            return;
        }

        var parts = field.Path.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            if (node is JsonArray array)
            {
                if (array.Count == 0)
                {
                    array.Add(new JsonObject());
                }

                node = array[0]!;
            }

            var obj = node.AsObject();
            if (i == parts.Length - 1)
            {
                obj[parts[i]] = field.Value.DeepClone();
                return;
            }

            if (obj[parts[i]] is not { } child || child.GetValueKind() is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                child = arrays.Contains(string.Join('.', parts[..(i + 1)])) ? new JsonArray(new JsonObject()) : new JsonObject();
                obj[parts[i]] = child;
            }

            node = child;
        }
    }

    private sealed record PublishedField(string Path, string Type, JsonNode? Value);

    [GeneratedRegex(@"^  - `(?<path>[^`]+)` \((?<type>[^)]*)\)\n(?<body>(?:(?!  - `).*\n?)*)", RegexOptions.Multiline)]
    private static partial Regex FieldEntry();

    [GeneratedRegex(@"^\s+Example: (.*)$", RegexOptions.Multiline)]
    private static partial Regex ExampleLine();

    [GeneratedRegex(@"^\s+Enum: ""([^""]*)""", RegexOptions.Multiline)]
    private static partial Regex EnumLine();

    [GeneratedRegex(@"```json\s*\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    /// <summary>For assertions: a UTC instant from its parts.</summary>
    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
