using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Elsa.Kundportal.Workflows.Expressions;

/// <summary>Limits on a script so a designer's mistake cannot stall or exhaust a node.</summary>
public sealed class JavaScriptOptions
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
    public long MemoryLimitBytes { get; set; } = 16 * 1024 * 1024;
    public int MaxStatements { get; set; } = 100_000;
    public int RecursionLimit { get; set; } = 64;
}

/// <summary>What a script can see and change: variables, the workflow's input, outputs, the instance and its definition.</summary>
public interface IScriptScope
{
    IReadOnlyDictionary<string, JsonNode?> Variables { get; }
    void SetVariable(string name, JsonNode? value);
    JsonNode? Input { get; }
    string? CorrelationId { get; set; }
    string WorkflowInstanceId { get; }
    ScriptWorkflow Workflow { get; }
    /// <summary>The activity outputs the script may read, nearest scope first.</summary>
    IEnumerable<ScriptOutput> Outputs { get; }
}

/// <summary>The definition a script runs in, and the names of its declared inputs.</summary>
public sealed record ScriptWorkflow(string DefinitionId, string DefinitionVersionId, int Version, IReadOnlyList<string> Inputs);

/// <summary>One output of one activity.</summary>
public sealed record ScriptOutput(string ActivityId, string ActivityName, string Name, JsonNode? Value);

/// <summary>
/// Evaluates JavaScript with Jint. Accepts a bare expression (<c>a &gt; 1</c>) or a script body (<c>return a &gt; 1;</c>).
/// Scripts see Elsa's globals (<see cref="JavaScriptGlobals"/>).
/// </summary>
public sealed partial class JavaScriptEvaluator(JavaScriptOptions options)
{
    [GeneratedRegex(@"(^|[;{}\s])return\b")]
    private static partial Regex ReturnStatement();

    public static string Normalise(string code) =>
        ReturnStatement().IsMatch(code) ? "(function(){\n" + code + "\n})()" : code;

    /// <summary>Returns a syntax error message, or null when the code parses.</summary>
    public static string? CheckSyntax(string code)
    {
        try
        {
            Engine.PrepareScript(Normalise(code));
            return null;
        }
        catch (Exception e)
        {
            return (e.InnerException ?? e).Message;
        }
    }

    public JsonNode? Evaluate(string code, IScriptScope scope)
    {
        var engine = new Engine(o => o
            .TimeoutInterval(options.Timeout)
            .LimitMemory(options.MemoryLimitBytes)
            .MaxStatements(options.MaxStatements)
            .LimitRecursion(options.RecursionLimit)
            .Strict(false));

        var keepVariables = JavaScriptGlobals.Register(engine, scope);

        try
        {
            var result = engine.Evaluate(Normalise(code));
            keepVariables();
            return ToJson(engine, result);
        }
        catch (JavaScriptException e)
        {
            throw new ExpressionException($"Script error: {e.Message}", e);
        }
        catch (Exception e) when (e is TimeoutException or MemoryLimitExceededException or StatementsCountOverflowException or RecursionDepthOverflowException)
        {
            throw new ExpressionException($"Script stopped: {e.Message}", e);
        }
        catch (Exception e) when (e is Acornima.SyntaxErrorException or Acornima.ParseErrorException)
        {
            throw new ExpressionException($"Script syntax error: {e.Message}", e);
        }
    }

    internal static JsValue Parse(Engine engine, JsonNode? node) =>
        node is null ? JsValue.Undefined : new Jint.Native.Json.JsonParser(engine).Parse(node.ToJsonString());

    internal static JsonNode? ToJson(Engine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
            return null;
        if (value.IsString())
            return JsonValue.Create(value.AsString());
        if (value.IsBoolean())
            return JsonValue.Create(value.AsBoolean());
        if (value.IsNumber())
        {
            var d = value.AsNumber();
            return d == Math.Floor(d) && Math.Abs(d) < long.MaxValue ? JsonValue.Create((long)d) : JsonValue.Create(d);
        }
        var text = new Jint.Native.Json.JsonSerializer(engine).Serialize(value).ToString();
        return text == "undefined" ? null : JsonNode.Parse(text);
    }
}

public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
