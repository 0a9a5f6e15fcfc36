using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Definitions;

/// <summary>
/// Reads an Elsa flowchart: its activities (with the bodies of containers such as ForEach, themselves flowcharts or
/// single activities) and its connections. Elsa 3.0 wrote a connection flat (<c>"source": "id", "sourcePort": "Done",
/// "target": "id", "targetPort": "In"</c>); later versions write ends as objects (<c>"source": { "activity", "port" }</c>).
/// Both are read; a flat one is rewritten in place into the current shape, so what is stored and exported is Elsa's
/// current format. Activity ids must be unique across the whole definition.
/// </summary>
internal sealed class FlowchartReader(List<ValidationError> errors)
{
    private const string BodyProperty = "body";
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlowchartModel> _bodies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, FlowchartModel> Bodies => _bodies;

    public FlowchartModel Read(JsonObject flowchart, string path)
    {
        var activities = ReadActivities(flowchart, path);
        var connections = ReadConnections(flowchart, path);
        return new FlowchartModel(flowchart["id"]?.ToString() ?? "root", activities, connections, path);
    }

    private List<ActivityNode> ReadActivities(JsonObject flowchart, string path)
    {
        var result = new List<ActivityNode>();
        if (flowchart["activities"] is not JsonArray array)
        {
            errors.Add(new ValidationError(path + ".activities", "The flowchart must have an 'activities' array."));
            return result;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var activityPath = $"{path}.activities[{i}]";
            if (array[i] is not JsonObject a)
            {
                errors.Add(new ValidationError(activityPath, "An activity must be a JSON object."));
                continue;
            }
            if (ReadActivity(a, i, activityPath) is { } node)
                result.Add(node);
        }
        return result;
    }

    private ActivityNode? ReadActivity(JsonObject a, int index, string path)
    {
        var activityId = WorkflowDefinitionReader.StringProperty(a, "id", path, errors, required: true);
        var type = WorkflowDefinitionReader.StringProperty(a, "type", path, errors, required: true);
        if (activityId is null || type is null)
            return null;
        if (!_ids.Add(activityId))
        {
            errors.Add(new ValidationError(path + ".id", $"The activity id '{activityId}' is used twice.", activityId));
            return null;
        }
        if (a[BodyProperty] is JsonObject body && body["type"]?.GetValueKind() == JsonValueKind.String)
            _bodies[activityId] = ReadBody(body, $"{path}.{BodyProperty}");
        return new ActivityNode
        {
            Id = activityId,
            Type = type,
            Version = a["version"]?.GetValueKind() == JsonValueKind.Number ? a["version"]!.GetValue<int>() : 1,
            Name = a["name"]?.GetValueKind() == JsonValueKind.String ? a["name"]!.GetValue<string>() : null,
            Index = index,
            Path = path,
            Json = a,
        };
    }

    /// <summary>A container's body: a flowchart, or a single activity that is a flowchart of its own.</summary>
    private FlowchartModel ReadBody(JsonObject body, string path)
    {
        if (body["type"]?.GetValueKind() == JsonValueKind.String && body["type"]!.GetValue<string>() == "Elsa.Flowchart")
            return Read(body, path);
        var single = ReadActivity(body, 0, path);
        return new FlowchartModel(body["id"]?.ToString() ?? path, single is null ? [] : [single], [], path);
    }

    private List<Connection> ReadConnections(JsonObject flowchart, string path)
    {
        var result = new List<Connection>();
        if (flowchart["connections"] is null)
            return result;
        if (flowchart["connections"] is not JsonArray array)
        {
            errors.Add(new ValidationError(path + ".connections", "'connections' must be an array."));
            return result;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var connectionPath = $"{path}.connections[{i}]";
            if (array[i] is not JsonObject c)
            {
                errors.Add(new ValidationError(connectionPath, "A connection must be an object with a 'source' and a 'target'."));
                continue;
            }
            if (c["source"]?.GetValueKind() == JsonValueKind.String || c["target"]?.GetValueKind() == JsonValueKind.String)
                array[i] = c = ToCurrentShape(c);
            var source = ReadEndpoint(c["source"], connectionPath + ".source");
            var target = ReadEndpoint(c["target"], connectionPath + ".target");
            if (source is not null && target is not null)
                result.Add(new Connection(source, target, i));
        }
        return result;
    }

    /// <summary>Elsa 3.0's flat connection as the current shape; other properties (e.g. <c>vertices</c>) are kept.</summary>
    private static JsonObject ToCurrentShape(JsonObject flat)
    {
        static JsonNode? End(JsonNode? activity, JsonNode? port, string defaultPort) =>
            activity?.GetValueKind() == JsonValueKind.String
                ? new JsonObject { ["activity"] = activity.GetValue<string>(), ["port"] = port?.GetValueKind() == JsonValueKind.String ? port.GetValue<string>() : defaultPort }
                : activity?.DeepClone();

        var current = new JsonObject
        {
            ["source"] = End(flat["source"], flat["sourcePort"], "Done"),
            ["target"] = End(flat["target"], flat["targetPort"], "In"),
        };
        foreach (var (key, value) in flat)
        {
            if (key is not ("source" or "target" or "sourcePort" or "targetPort"))
                current[key] = value?.DeepClone();
        }
        return current;
    }

    private Endpoint? ReadEndpoint(JsonNode? node, string path)
    {
        if (node is not JsonObject o)
        {
            errors.Add(new ValidationError(path, "A connection end must be an activity id, or an object with 'activity' and 'port'."));
            return null;
        }
        var activity = WorkflowDefinitionReader.StringProperty(o, "activity", path, errors, required: true);
        var port = o["port"]?.GetValueKind() == JsonValueKind.String ? o["port"]!.GetValue<string>() : null;
        return activity is null ? null : new Endpoint(activity, port);
    }
}
