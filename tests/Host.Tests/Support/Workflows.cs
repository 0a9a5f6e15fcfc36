using System.Net;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Support;

public static class Workflows
{
    /// <summary>Saves and publishes the review definition through the API, under a fresh id.</summary>
    public static async Task<string> PublishReviewAsync(this HttpClient staff, TimeSpan? expiresIn = null)
    {
        var id = TestDefinitions.NewId("review");
        await (await staff.PostJsonAsync("/elsa/api/workflow-definitions", TestDefinitions.Review(id, expiresIn))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await staff.PostAsync($"/elsa/api/workflow-definitions/{id}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);
        return id;
    }

    /// <summary>Starts an instance in-process, as the Kundportal pages will; returns the step with the link token it issued.</summary>
    public static Task<StepResult> StartAsync(this KundportalHost host, string definitionId, string? correlationId = null) =>
        host.Services.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest(definitionId) { CorrelationId = correlationId });
}
