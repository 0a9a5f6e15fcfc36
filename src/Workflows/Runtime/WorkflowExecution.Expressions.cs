using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Expressions;
using Elsa.Kundportal.Workflows.Model;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>Evaluating an input's expression for an activity of this step.</summary>
internal sealed partial class WorkflowExecution
{
    public JsonNode? Evaluate(Expression expression, IScriptScope scope)
    {
        switch (expression.Type)
        {
            case Expression.Literal:
                return expression.Value?.DeepClone();
            case Expression.Object:
                var text = expression.ValueAsString;
                if (expression.Value is JsonValue && text is not null)
                {
                    try
                    {
                        return JsonNode.Parse(text);
                    }
                    catch (System.Text.Json.JsonException)
                    {
                        return JsonValue.Create(text);
                    }
                }
                return expression.Value?.DeepClone();
            case Expression.JavaScript:
                return _javaScript.Evaluate(expression.ValueAsString ?? "", scope);
            case Expression.Variable:
                var (id, name) = expression.VariableReference;
                var variable = (id is null ? null : Definition.FindVariable(id)) ?? (name is null ? null : Definition.FindVariable(name));
                return scope.Variables.GetValueOrDefault(variable?.Name ?? name ?? "")?.DeepClone();
            default:
                throw new ExpressionException($"Expression type '{expression.Type}' is not supported; use one of {string.Join(", ", Expression.SupportedTypes)}.");
        }
    }
}
