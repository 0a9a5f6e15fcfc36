using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Server;

/// <summary>
/// What Elsa's clients ask a server at start: which Elsa features it has and which Elsa version it speaks. Only
/// features this host implements are listed, so Elsa Studio hides the rest (real-time updates over SignalR,
/// alterations, secrets, webhooks).
/// </summary>
internal static class ServerInfoApi
{
    /// <summary>The Elsa release whose REST API this host speaks.</summary>
    public const string ElsaApiVersion = "3.8.0";

    private static readonly FeatureDescriptor[] Features =
    [
        new("WorkflowsApi", "Elsa.Workflows.Api", "Workflows API", "Workflow definitions, instances and activity descriptors over REST."),
        new("WorkflowManagement", "Elsa.Workflows.Management", "Workflow management", "Definitions with drafts, versions, publishing and retracting."),
        new("WorkflowRuntime", "Elsa.Workflows.Runtime", "Workflow runtime", "Runs published versions; bookmarks, durable timers and an audit journal."),
        new("JavaScript", "Elsa.JavaScript", "JavaScript", "JavaScript expressions in activity inputs."),
    ];

    public static IEndpointRouteBuilder MapServerInfoApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/features/installed", () => TypedResults.Ok(new ListResponse<FeatureDescriptor>(Features, Features.Length)))
            .WithTags("Server").WithSummary("The Elsa features this host implements.");
        api.MapGet("/features/installed/{fullName}", Feature)
            .WithTags("Server").WithSummary("One installed feature by its full name.");
        api.MapGet("/package/version", () => TypedResults.Ok(new PackageVersionResponse(ElsaApiVersion)))
            .WithTags("Server").WithSummary("The Elsa version whose API this host speaks.");
        return api;
    }

    private static Results<Ok<FeatureDescriptor>, ProblemHttpResult> Feature(string fullName) =>
        Features.FirstOrDefault(f => f.FullName == fullName) is { } feature
            ? TypedResults.Ok(feature)
            : ApiProblems.NotFound($"The feature '{fullName}' is not installed.");
}

internal sealed record FeatureDescriptor(string Name, string Namespace, string DisplayName, string Description)
{
    public string FullName => $"{Namespace}.{Name}";
}

internal sealed record PackageVersionResponse(string PackageVersion);
