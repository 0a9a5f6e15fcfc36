using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Expressions;
using Elsa.Kundportal.Workflows.Model;

namespace Elsa.Kundportal.Workflows.Definitions;

/// <summary>
/// Checks a definition before it may be published: known activity types, required inputs present,
/// input values of the right type, connections between existing activities and ports, a start,
/// and every activity reachable from it. Each error names the JSON path it concerns.
/// </summary>
public sealed class WorkflowDefinitionValidator(ActivityRegistry registry)
{
    public IReadOnlyList<ValidationError> Validate(string json)
    {
        var (model, errors) = WorkflowDefinitionReader.Read(json);
        return model is null ? errors : Validate(model);
    }

    public IReadOnlyList<ValidationError> Validate(WorkflowDefinitionModel model)
    {
        var errors = new List<ValidationError>();
        var outcomes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var node in model.Flowcharts.SelectMany(f => f.Activities))
        {
            var path = node.Path;
            var descriptor = registry.Find(node.Type);
            if (descriptor is null)
            {
                errors.Add(new ValidationError(path + ".type", $"Unknown activity type '{node.Type}' ({node.DisplayLabel}).", node.Id));
                continue;
            }
            var activity = ValidateInputs(node, descriptor, model, path, errors);
            outcomes[node.Id] = activity?.GetDynamicOutcomes() is { } dynamic ? [.. descriptor.Outcomes.Where(o => o != "Done"), .. dynamic] : descriptor.Outcomes;
        }

        foreach (var flowchart in model.Flowcharts)
        {
            ValidateConnections(flowchart, outcomes, errors);
            ValidateReachability(flowchart, flowchart == model.Root, errors);
        }
        return errors;
    }

    private Activity? ValidateInputs(ActivityNode node, ActivityDescriptor descriptor, WorkflowDefinitionModel model, string path, List<ValidationError> errors)
    {
        var before = errors.Count;
        foreach (var binding in descriptor.Bindings)
        {
            var inputPath = $"{path}.{binding.JsonName}";
            var json = node.Json[binding.JsonName];
            var label = $"Input '{binding.JsonName}' of '{node.DisplayLabel}' ({node.Type})";
            if (json is null || (json is JsonObject o && o["expression"] is JsonObject e && IsEmpty(e["value"])))
            {
                if (binding.Descriptor.IsRequired)
                    errors.Add(new ValidationError(inputPath, $"{label} is required.", node.Id, binding.JsonName));
                continue;
            }
            object? value;
            try
            {
                value = ActivityRegistry.ReadInput(binding, json);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or NotSupportedException)
            {
                errors.Add(new ValidationError(inputPath, $"{label} is not in the expected shape: {ex.Message}", node.Id, binding.JsonName));
                continue;
            }
            if (value is Input input)
                CheckExpression(input, model, label, inputPath + ".expression", node.Id, binding.JsonName, errors);
        }
        if (errors.Count > before)
            return null;

        var activity = registry.Bind(node, model);
        foreach (var (input, message) in activity.Validate())
            errors.Add(new ValidationError($"{path}.{input}", $"{node.DisplayLabel}: {message}", node.Id, input));
        return activity;
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s));

    private static void CheckExpression(Input input, WorkflowDefinitionModel model, string label, string path, string activityId, string inputName, List<ValidationError> errors)
    {
        var expression = input.Expression;
        switch (expression.Type)
        {
            case Expression.Literal or Expression.Object:
                try
                {
                    var node = expression.Type == Expression.Object && expression.ValueAsString is { } text && input.ValueType != typeof(string)
                        ? JsonNode.Parse(text)
                        : expression.Value;
                    ValueConverter.Convert(node, input.ValueType);
                }
                catch (Exception e) when (e is FormatException or JsonException or OverflowException or ArgumentException or InvalidOperationException)
                {
                    errors.Add(new ValidationError(path + ".value",
                        $"{label} expects {ValueConverter.TypeName(input.ValueType)}; '{expression.ValueAsString}' is not one.", activityId, inputName));
                }
                break;
            case Expression.JavaScript:
                if (JavaScriptEvaluator.CheckSyntax(expression.ValueAsString ?? "") is { } syntax)
                    errors.Add(new ValidationError(path + ".value", $"{label} has a JavaScript syntax error: {syntax}", activityId, inputName));
                break;
            case Expression.Variable:
                var reference = expression.VariableReference;
                if ((reference.Id is null || model.FindVariable(reference.Id) is null) && (reference.Name is null || model.FindVariable(reference.Name) is null))
                    errors.Add(new ValidationError(path + ".value", $"{label} refers to an unknown variable '{reference.Name ?? reference.Id}'.", activityId, inputName));
                break;
            default:
                errors.Add(new ValidationError(path + ".type",
                    $"{label} uses the expression type '{expression.Type}', which is not supported; use one of {string.Join(", ", Expression.SupportedTypes)}.", activityId, inputName));
                break;
        }
    }

    private static void ValidateConnections(FlowchartModel flowchart, Dictionary<string, IReadOnlyList<string>> outcomes, List<ValidationError> errors)
    {
        foreach (var connection in flowchart.Connections)
        {
            var path = $"{flowchart.Path}.connections[{connection.Index}]";
            var source = flowchart.Find(connection.Source.Activity);
            var target = flowchart.Find(connection.Target.Activity);
            if (source is null)
                errors.Add(new ValidationError(path + ".source.activity", $"The connection starts at '{connection.Source.Activity}', which is not an activity in this flowchart."));
            if (target is null)
                errors.Add(new ValidationError(path + ".target.activity", $"The connection ends at '{connection.Target.Activity}', which is not an activity in this flowchart."));
            if (source is not null && outcomes.TryGetValue(source.Id, out var ports) && !ports.Contains(connection.Source.Port ?? "Done"))
            {
                errors.Add(new ValidationError(path + ".source.port",
                    $"'{source.DisplayLabel}' ({source.Type}) has no outcome '{connection.Source.Port}'; its outcomes are: {(ports.Count == 0 ? "none" : string.Join(", ", ports))}.", source.Id));
            }
            if (target is not null && connection.Target.Port is { } port && port != "In")
                errors.Add(new ValidationError(path + ".target.port", $"A connection must end at the 'In' port of '{target.DisplayLabel}', not '{port}'.", target.Id));
        }
    }

    /// <summary>Every activity must be reachable from the start: the root needs one (Elsa.Start, canStartWorkflow, or no inbound connection); a body starts where Elsa would.</summary>
    private static void ValidateReachability(FlowchartModel flowchart, bool isRoot, List<ValidationError> errors)
    {
        var start = isRoot ? flowchart.FindStart() : flowchart.Graph.Start;
        if (start is null)
        {
            if (isRoot || flowchart.Activities.Count > 0)
            {
                errors.Add(new ValidationError(flowchart.Path + ".activities",
                    "The flowchart has no start: add an Elsa.Start activity, or leave one activity without inbound connections."));
            }
            return;
        }
        var reachable = flowchart.Reachable(start.Id);
        foreach (var node in flowchart.Activities.Where(a => !reachable.Contains(a.Id)))
            errors.Add(new ValidationError(node.Path, $"'{node.DisplayLabel}' cannot be reached from the start '{start.DisplayLabel}'.", node.Id));
    }
}
