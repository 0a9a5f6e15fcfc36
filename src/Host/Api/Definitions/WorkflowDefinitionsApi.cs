using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Definitions;

/// <summary>Workflow definitions as in Elsa's API: list, get by version options, versions, save draft, publish, retract, import, export, validate.</summary>
internal static class WorkflowDefinitionsApi
{
    public static IEndpointRouteBuilder MapWorkflowDefinitionsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workflow-definitions").WithTags("Workflow definitions");
        group.MapGet("/", ListAsync)
            .WithSummary("The latest version of every definition.");
        group.MapGet("/by-definition-id/{definitionId}", GetAsync)
            .WithSummary("One version as Elsa 3 JSON. versionOptions: Latest (default), Published, LatestOrPublished, Draft or a version number.");
        group.MapGet("/{definitionId}/versions", ListVersionsAsync)
            .WithSummary("Every version of a definition, oldest first.");
        group.MapPost("/", SaveDraftAsync).Accepts<JsonObject>("application/json")
            .WithSummary("Saves Elsa 3 JSON as the draft: edits the current draft or starts a new version. Validation errors are returned, not refused.");
        group.MapPost("/{definitionId}/publish", PublishAsync)
            .WithSummary("Publishes the draft. Refused with 422 and the errors, leaving the store unchanged, while the draft has errors.");
        group.MapPost("/{definitionId}/retract", RetractAsync)
            .WithSummary("Stops new instances from starting on a published version; running instances continue on it.");
        group.MapPost("/import", ImportAsync).Accepts<JsonObject>("application/json")
            .WithSummary("Imports an exported definition. Content equal to a stored version changes nothing. publish defaults to the file's isPublished.");
        group.MapGet("/{definitionId}/export", ExportAsync)
            .WithSummary("Downloads one version as an Elsa 3 JSON file.");
        group.MapPost("/validate", ValidateAsync).Accepts<JsonObject>("application/json")
            .WithSummary("Checks Elsa 3 JSON without storing it.");
        group.MapPost("/{definitionId}/execute", ExecuteAsync)
            .WithSummary("Starts an instance of the newest published version (or `version`) and runs it to its first wait. "
                + "Returns the instance and the link tokens of tasks addressed to no one (machine tasks); 404 when nothing is published, 422 when the input is refused. "
                + $"With an {IdempotencyKeys.Header} header a repeated start (same key, same caller) returns the same instance with new tokens for those tasks "
                + $"(the earlier ones stop working), marked {IdempotencyKeys.ReplayedHeader}: true.");
        return api;
    }

    private static async Task<Results<Ok<StartedInstance>, ProblemHttpResult>> ExecuteAsync(
        string definitionId, ExecuteRequest? request, ClaimsPrincipal user, HttpContext http, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var (key, invalidKey) = IdempotencyKeys.Read(http.Request);
        if (invalidKey is not null)
            return invalidKey;
        try
        {
            var step = await runtime.StartAsync(new StartWorkflowRequest(definitionId)
            {
                Version = request?.Version,
                CorrelationId = request?.CorrelationId,
                Input = request?.Input,
                Actor = user.ActorName(),
                IdempotencyKey = key,
            }, cancellationToken);
            IdempotencyKeys.MarkReplayed(http.Response, step);
            return TypedResults.Ok(new StartedInstance(step.InstanceId, step.Status, step.SubStatus, [.. step.IssuedTokens.Where(t => t.Recipient is null)]));
        }
        catch (DefinitionNotFoundException e)
        {
            return ApiProblems.NotFound(e.Message);
        }
        catch (InputRejectedException e)
        {
            return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(
                e.FieldErrors.ToDictionary(f => $"$.input.{f.Key}", f => new[] { f.Value })) { Title = e.Message, Status = StatusCodes.Status422UnprocessableEntity });
        }
    }

    private static async Task<Ok<ListResponse<DefinitionSummary>>> ListAsync(WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var latest = await definitions.ListAsync(cancellationToken);
        return TypedResults.Ok(new ListResponse<DefinitionSummary>([.. latest.Select(DefinitionSummary.From)], latest.Count));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(
        string definitionId, string? versionOptions, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (!VersionOptions.TryParse(versionOptions, out var options))
            return InvalidVersionOptions(versionOptions);
        var record = await definitions.FindAsync(definitionId, options, cancellationToken);
        return record is null
            ? ApiProblems.NotFound($"'{definitionId}' has no {options} version.")
            : TypedResults.Ok((JsonObject)JsonNode.Parse(WorkflowDefinitionService.Export(record, record.IsLatest))!);
    }

    private static async Task<Results<Ok<ListResponse<DefinitionSummary>>, ProblemHttpResult>> ListVersionsAsync(
        string definitionId, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var versions = await definitions.ListVersionsAsync(definitionId, cancellationToken);
        return versions.Count == 0
            ? ApiProblems.NotFound($"There is no definition '{definitionId}'.")
            : TypedResults.Ok(new ListResponse<DefinitionSummary>([.. versions.Select(DefinitionSummary.From)], versions.Count));
    }

    private static async Task<Results<Ok<DefinitionSaved>, ProblemHttpResult>> SaveDraftAsync(
        HttpRequest request, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var (json, problem) = await ReadDefinitionAsync(request, cancellationToken);
        if (problem is not null)
            return problem;
        var saved = await definitions.SaveDraftAsync(json!, user.ActorName(), cancellationToken);
        return TypedResults.Ok(Saved(saved));
    }

    private static async Task<Results<Ok<DefinitionSummary>, ProblemHttpResult>> PublishAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(DefinitionSummary.From(await definitions.PublishAsync(definitionId, user.ActorName(), cancellationToken)));
        }
        catch (WorkflowDefinitionInvalidException e)
        {
            return ApiProblems.Invalid(e.Errors, StatusCodes.Status422UnprocessableEntity, "The draft has errors and was not published.");
        }
        catch (DefinitionNotFoundException e)
        {
            return await definitions.FindAsync(definitionId, VersionOptions.Latest, cancellationToken) is null
                ? ApiProblems.NotFound($"There is no definition '{definitionId}'.")
                : ApiProblems.Conflict(e.Message);
        }
    }

    private static async Task<Results<Ok<DefinitionSummary>, ProblemHttpResult>> RetractAsync(
        string definitionId, int? version, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (version is not { } number)
            return ApiProblems.Invalid("version", "Give the published version to retract (?version=n).");
        try
        {
            return TypedResults.Ok(DefinitionSummary.From(await definitions.RetractAsync(definitionId, number, cancellationToken)));
        }
        catch (DefinitionNotFoundException e)
        {
            return ApiProblems.NotFound(e.Message);
        }
        catch (DefinitionConflictException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
    }

    private static async Task<Results<Ok<DefinitionSaved>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, bool? publish, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var (json, problem) = await ReadDefinitionAsync(request, cancellationToken);
        if (problem is not null)
            return problem;
        var published = publish ?? JsonNode.Parse(json!)?["isPublished"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        try
        {
            return TypedResults.Ok(Saved(await definitions.ImportAsync(json!, published, user.ActorName(), cancellationToken)));
        }
        catch (WorkflowDefinitionInvalidException e)
        {
            return ApiProblems.Invalid(e.Errors, StatusCodes.Status422UnprocessableEntity, "The definition has errors and was not imported as published.");
        }
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string definitionId, string? versionOptions, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (!VersionOptions.TryParse(versionOptions, out var options))
            return InvalidVersionOptions(versionOptions);
        var record = await definitions.FindAsync(definitionId, options, cancellationToken);
        if (record is null)
            return ApiProblems.NotFound($"'{definitionId}' has no {options} version.");
        var json = WorkflowDefinitionService.Export(record, record.IsLatest);
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", $"{record.DefinitionId}-v{record.Version}.json");
    }

    private static async Task<Results<Ok<ValidationReport>, ProblemHttpResult>> ValidateAsync(
        HttpRequest request, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var (json, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (problem is not null)
            return problem;
        var errors = definitions.Validate(json!);
        return TypedResults.Ok(new ValidationReport(errors.Count == 0, [.. errors.Select(ValidationErrorDto.From)]));
    }

    /// <summary>A JSON object that reads as a definition (a definitionId and a flowchart), or a 400 with the paths that do not.</summary>
    private static async Task<(string? Json, ProblemHttpResult? Problem)> ReadDefinitionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (json, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (problem is not null)
            return (null, problem);
        var (model, errors) = WorkflowDefinitionReader.Read(json!);
        return model is null
            ? (null, ApiProblems.Invalid(errors, StatusCodes.Status400BadRequest, "The definition cannot be read."))
            : (json, null);
    }

    private static DefinitionSaved Saved(DefinitionSaveResult result) =>
        new(DefinitionSummary.From(result.Definition), result.Changed, result.Errors.Count == 0, [.. result.Errors.Select(ValidationErrorDto.From)]);

    private static ProblemHttpResult InvalidVersionOptions(string? text) =>
        ApiProblems.Invalid("versionOptions", $"'{text}' is not Latest, Published, LatestOrPublished, Draft or a version number.");
}
