using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>One of Elsa's status-code cases: the code and the activity Elsa would run for it.</summary>
public sealed record HttpStatusCodeCase(int StatusCode, JsonNode? Activity);

/// <summary>
/// Sends an HTTP request and completes with <c>Done</c> once any answer came; its status code, content and headers are
/// outputs. No answer (connection failed, timeout) is an incident whose retry makes the call again. Elsa's embedded
/// activities per status code are not run here (use <see cref="FlowSendHttpRequest"/> to branch), so a definition
/// that has them is refused.
/// </summary>
[Activity("Elsa", "HTTP", "Send an HTTP request.", DisplayName = "HTTP Request")]
public sealed class SendHttpRequest : SendHttpRequestBase
{
    [Input(Description = "Status codes the definition expects. Activities embedded per code are not supported; branch with the flow variant.", Category = "Advanced", Order = 6)]
    public List<HttpStatusCodeCase>? ExpectedStatusCodes { get; set; }

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        if ((ExpectedStatusCodes ?? []).Any(c => c.Activity is JsonObject))
            yield return ("expectedStatusCodes", "activities embedded per status code are not run here; use Elsa.FlowSendHttpRequest and connect its status-code ports.");
    }

    protected override void OnResponse(ActivityExecutionContext context, int statusCode) => context.Complete();
}
