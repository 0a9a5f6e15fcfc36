using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Expressions;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>What a script evaluated for this activity sees (Elsa's JavaScript globals read it through <see cref="IScriptScope"/>).</summary>
public sealed partial class ActivityExecutionContext
{
    string IScriptScope.WorkflowInstanceId => WorkflowInstanceId.ToString();

    void IScriptScope.SetVariable(string name, JsonNode? value) => SetVariable(name, value);

    ScriptWorkflow IScriptScope.Workflow => new(Definition.DefinitionId, Definition.Id, Definition.Version, Definition.Inputs);

    /// <summary>The outputs this activity can see: those of the root flowchart's activities and of the bodies it runs in.</summary>
    IEnumerable<ScriptOutput> IScriptScope.Outputs
    {
        get
        {
            foreach (var scope in ScopeChain().Select(s => (string?)s.Id).Append(null))
            {
                foreach (var (key, outputs) in _workflow.State.Outputs)
                {
                    var activityId = scope is null ? key : key.StartsWith(scope + "/", StringComparison.Ordinal) ? key[(scope.Length + 1)..] : null;
                    if (activityId is null || activityId.Contains('/') || Definition.Find(activityId) is not { } node)
                        continue;
                    foreach (var (name, value) in outputs)
                        yield return new ScriptOutput(node.Id, node.Name ?? node.Id, name, value);
                }
            }
        }
    }
}
