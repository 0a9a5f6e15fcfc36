using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;

namespace Elsa.Kundportal.Workflows.Expressions;

/// <summary>
/// The values and functions Elsa's JavaScript module gives a script: <c>variables</c>, <c>input</c>,
/// <c>workflowInstanceId</c> and <c>correlationId</c>; <c>get&lt;Name&gt;()</c> / <c>set&lt;Name&gt;(value)</c> for every
/// variable (the name Pascal-cased, as Elsa does), <c>get&lt;Input&gt;()</c> for every declared workflow input and
/// <c>get&lt;Output&gt;From&lt;ActivityName&gt;()</c> for every output; and Elsa's common functions (getVariable, setVariable,
/// getInput, getOutputFrom, getWorkflowInstanceId, getWorkflowDefinitionId, getWorkflowDefinitionVersionId,
/// getWorkflowDefinitionVersion, getCorrelationId, setCorrelationId, isNullOrWhiteSpace, isNullOrEmpty, toJson,
/// parseGuid, newGuid, newGuidString, newShortGuid, getGuidString, getShortGuid, bytesToString, bytesFromString,
/// bytesToBase64, bytesFromBase64, stringToBase64, stringFromBase64).
/// </summary>
public static partial class JavaScriptGlobals
{
    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?:^|_| +)(.)")]
    private static partial Regex WordStart();

    /// <summary>Elsa's Pascal-casing of a variable name for its accessors: <c>order_total</c> → <c>OrderTotal</c>.</summary>
    public static string Pascalize(string name) => WordStart().Replace(name, m => m.Groups[1].Value.ToUpperInvariant());

    /// <summary>Sets the globals up; the returned action, called after the script ran, keeps what it assigned to <c>variables</c> (as Elsa does).</summary>
    public static Action Register(Engine engine, IScriptScope scope)
    {
        var variables = new JsonObject();
        foreach (var (name, value) in scope.Variables)
            variables[name] = value?.DeepClone();
        var container = JavaScriptEvaluator.Parse(engine, variables).AsObject();
        var workflow = scope.Workflow;

        JsValue GetVariable(string name) => container.Get(name);
        void SetVariable(string name, JsValue value)
        {
            container.Set(name, value);
            scope.SetVariable(name, JavaScriptEvaluator.ToJson(engine, value));
        }
        JsValue GetInput(string name) => JavaScriptEvaluator.Parse(engine, scope.Input?[name]);

        engine.SetValue("variables", container);
        engine.SetValue("input", JavaScriptEvaluator.Parse(engine, scope.Input));
        engine.SetValue("correlationId", scope.CorrelationId);
        engine.SetValue("workflowInstanceId", scope.WorkflowInstanceId);

        engine.SetValue("getVariable", new Func<string, JsValue>(GetVariable));
        engine.SetValue("setVariable", new Action<string, JsValue>(SetVariable));
        engine.SetValue("getInput", new Func<string, JsValue>(GetInput));
        engine.SetValue("getOutputFrom", new Func<string, string?, JsValue>((activity, output) => JavaScriptEvaluator.Parse(engine, FindOutput(scope, activity, output))));
        engine.SetValue("getWorkflowInstanceId", new Func<string>(() => scope.WorkflowInstanceId));
        engine.SetValue("getWorkflowDefinitionId", new Func<string>(() => workflow.DefinitionId));
        engine.SetValue("getWorkflowDefinitionVersionId", new Func<string>(() => workflow.DefinitionVersionId));
        engine.SetValue("getWorkflowDefinitionVersion", new Func<int>(() => workflow.Version));
        engine.SetValue("getCorrelationId", new Func<string?>(() => scope.CorrelationId));
        engine.SetValue("setCorrelationId", new Action<string?>(value => scope.CorrelationId = value));

        foreach (var name in scope.Variables.Keys.Where(n => Identifier().IsMatch(Pascalize(n))))
        {
            var pascal = Pascalize(name);
            engine.SetValue($"get{pascal}", new Func<JsValue>(() => GetVariable(name)));
            engine.SetValue($"set{pascal}", new Action<JsValue>(value => SetVariable(name, value)));
        }
        foreach (var input in workflow.Inputs.Where(n => Identifier().IsMatch(n)))
            engine.SetValue($"get{input}", new Func<JsValue>(() => GetInput(input)));
        foreach (var output in scope.Outputs.DistinctBy(o => (o.ActivityName, o.Name)))
        {
            var accessor = $"get{Pascalize(output.Name)}From{output.ActivityName}";
            if (Identifier().IsMatch(accessor))
                engine.SetValue(accessor, new Func<JsValue>(() => JavaScriptEvaluator.Parse(engine, output.Value)));
        }

        RegisterCommonFunctions(engine);
        return () =>
        {
            foreach (var (key, _) in container.GetOwnProperties())
            {
                var name = key.ToString();
                var value = JavaScriptEvaluator.ToJson(engine, container.Get(name));
                if (!JsonNode.DeepEquals(value, variables[name]))
                    scope.SetVariable(name, value);
            }
        };
    }

    private static JsonNode? FindOutput(IScriptScope scope, string activity, string? output) =>
        scope.Outputs.FirstOrDefault(o => (o.ActivityId == activity || o.ActivityName == activity)
            && string.Equals(o.Name, output ?? "result", StringComparison.OrdinalIgnoreCase))?.Value;

    private static void RegisterCommonFunctions(Engine engine)
    {
        static string ShortGuid() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()).Replace("/", "", StringComparison.Ordinal)
            .Replace("+", "", StringComparison.Ordinal).Replace("=", "", StringComparison.Ordinal);

        engine.SetValue("isNullOrWhiteSpace", new Func<string?, bool>(string.IsNullOrWhiteSpace));
        engine.SetValue("isNullOrEmpty", new Func<string?, bool>(string.IsNullOrEmpty));
        engine.SetValue("toJson", new Func<JsValue, string>(value => new Jint.Native.Json.JsonSerializer(engine).Serialize(value).ToString()));
        engine.SetValue("parseGuid", new Func<string, string>(value => Guid.Parse(value).ToString()));
        engine.SetValue("newGuid", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("newGuidString", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("getGuidString", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("newShortGuid", new Func<string>(ShortGuid));
        engine.SetValue("getShortGuid", new Func<string>(ShortGuid));
        engine.SetValue("bytesToString", new Func<byte[], string>(Encoding.UTF8.GetString));
        engine.SetValue("bytesFromString", new Func<string, byte[]>(Encoding.UTF8.GetBytes));
        engine.SetValue("bytesToBase64", new Func<byte[], string>(Convert.ToBase64String));
        engine.SetValue("bytesFromBase64", new Func<string, byte[]>(Convert.FromBase64String));
        engine.SetValue("stringToBase64", new Func<string, string>(value => Convert.ToBase64String(Encoding.UTF8.GetBytes(value))));
        engine.SetValue("stringFromBase64", new Func<string, string>(value => Encoding.UTF8.GetString(Convert.FromBase64String(value))));
    }
}
