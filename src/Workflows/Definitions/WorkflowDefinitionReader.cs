using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Definitions;

/// <summary>Reads Elsa 3's definition JSON into a <see cref="WorkflowDefinitionModel"/>, reporting shape errors with JSON paths.</summary>
public static class WorkflowDefinitionReader
{
    public const string SchemaUrl = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static (WorkflowDefinitionModel? Model, IReadOnlyList<ValidationError> Errors) Read(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            return (null, [new ValidationError(e.Path ?? "$", $"The definition is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).")]);
        }
        if (node is not JsonObject root)
            return (null, [new ValidationError("$", "The definition must be a JSON object.")]);
        return Read(root);
    }

    public static (WorkflowDefinitionModel? Model, IReadOnlyList<ValidationError> Errors) Read(JsonObject doc)
    {
        var errors = new List<ValidationError>();
        var definitionId = StringProperty(doc, "definitionId", "$", errors, required: true);
        var name = StringProperty(doc, "name", "$", errors, required: false) ?? definitionId ?? "";
        var id = StringProperty(doc, "id", "$", errors, required: false) ?? "";

        var variables = ReadVariables(doc, errors);
        if (doc["root"] is not JsonObject rootJson)
        {
            errors.Add(new ValidationError("$.root", "The definition has no root flowchart ('root' must be an object of type Elsa.Flowchart)."));
            return (null, errors);
        }
        var rootType = rootJson["type"]?.GetValueKind() == JsonValueKind.String ? rootJson["type"]!.GetValue<string>() : null;
        if (rootType != "Elsa.Flowchart")
        {
            errors.Add(new ValidationError("$.root.type", $"The root must be an Elsa.Flowchart, not '{rootType ?? "(none)"}'."));
            return (null, errors);
        }

        var flowcharts = new FlowchartReader(errors);
        var root = flowcharts.Read(rootJson, "$.root");
        if (errors.Count > 0)
            return (null, errors);

        var model = new WorkflowDefinitionModel
        {
            Json = doc,
            Id = id,
            DefinitionId = definitionId!,
            Name = name,
            Description = doc["description"]?.GetValueKind() == JsonValueKind.String ? doc["description"]!.GetValue<string>() : null,
            Version = doc["version"]?.GetValueKind() == JsonValueKind.Number ? doc["version"]!.GetValue<int>() : 1,
            IsLatest = doc["isLatest"]?.GetValueKind() == JsonValueKind.True,
            IsPublished = doc["isPublished"]?.GetValueKind() == JsonValueKind.True,
            Variables = variables,
            Inputs = ReadInputNames(doc),
            Root = root,
            Bodies = flowcharts.Bodies,
        };
        return (model, errors);
    }

    private static List<VariableDefinition> ReadVariables(JsonObject doc, List<ValidationError> errors)
    {
        var result = new List<VariableDefinition>();
        if (doc["variables"] is null)
            return result;
        if (doc["variables"] is not JsonArray array)
        {
            errors.Add(new ValidationError("$.variables", "'variables' must be an array."));
            return result;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"$.variables[{i}]";
            if (array[i] is not JsonObject v)
            {
                errors.Add(new ValidationError(path, "A variable must be an object with a name."));
                continue;
            }
            var varName = StringProperty(v, "name", path, errors, required: true);
            if (varName is null)
                continue;
            var varId = v["id"]?.ToString() ?? varName;
            if (result.Any(r => r.Name == varName))
                errors.Add(new ValidationError(path + ".name", $"The variable '{varName}' is declared twice."));
            result.Add(new VariableDefinition(varId, varName, v["typeName"]?.ToString() ?? "Object", v["value"]?.DeepClone()));
        }
        return result;
    }

    private static List<string> ReadInputNames(JsonObject doc) =>
        doc["inputs"] is JsonArray inputs
            ? [.. inputs.OfType<JsonObject>().Select(i => i["name"]).OfType<JsonValue>().Select(n => n.TryGetValue<string>(out var name) ? name : null).OfType<string>()]
            : [];

    internal static string? StringProperty(JsonObject o, string name, string path, List<ValidationError> errors, bool required)
    {
        var value = o[name];
        if (value is null)
        {
            if (required)
                errors.Add(new ValidationError($"{path}.{name}", $"'{name}' is required."));
            return null;
        }
        if (value.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetValue<string>()))
        {
            errors.Add(new ValidationError($"{path}.{name}", $"'{name}' must be a non-empty string."));
            return null;
        }
        return value.GetValue<string>();
    }
}
