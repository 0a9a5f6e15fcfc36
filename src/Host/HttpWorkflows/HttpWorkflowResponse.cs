using System.Text;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Http;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Diagnostics;

namespace Elsa.Kundportal.Host.HttpWorkflows;

/// <summary>
/// The answer to a request that started or resumed a step, sent after the step committed: what the step's
/// <c>WriteHttpResponse</c> wrote; without one, 200 with no body as Elsa answers; a step that faulted, 500.
/// </summary>
internal static class HttpWorkflowResponse
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "Content-Length", "Content-Type", "Transfer-Encoding", "Connection" };

    public static async Task WriteAsync(HttpContext context, StepResult step)
    {
        if (step.Reply is JsonObject reply)
        {
            await WriteReplyAsync(context, reply);
            return;
        }
        if (step.SubStatus == WorkflowSubStatus.Faulted)
        {
            await Problem(StatusCodes.Status500InternalServerError, "The workflow failed.",
                "The workflow failed while handling the request; an operator can see and retry the incident.", step.InstanceId).ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public static IResult Problem(int status, string title, string detail, Guid? instanceId = null)
    {
        var problem = TypedResults.Problem(detail, statusCode: status, title: title);
        if (instanceId is not null)
            problem.ProblemDetails.Extensions["workflowInstanceId"] = instanceId;
        return problem;
    }

    private static async Task WriteReplyAsync(HttpContext context, JsonObject reply)
    {
        // The workflow's answer is sent as written, even an error status without a body.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            statusCodePages.Enabled = false;
        var response = context.Response;
        response.StatusCode = reply["statusCode"]?.GetValue<int>() ?? StatusCodes.Status200OK;
        foreach (var (name, values) in HttpHeaderValues.Read(reply["headers"]).Where(h => !Reserved.Contains(h.Name)))
            response.Headers.Append(name, values);
        if (reply["content"]?.GetValue<string>() is not { } content)
            return;
        response.ContentType = reply["contentType"]?.GetValue<string>() ?? "text/plain; charset=utf-8";
        await response.WriteAsync(content, Encoding.UTF8, context.RequestAborted);
    }
}
