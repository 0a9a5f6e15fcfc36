using System.Security.Claims;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Definitions;

/// <summary>
/// Workflow definitions on Elsa 3.8's routes and shapes (what Elsa Studio and Elsa.Api.Client call): list (filtered,
/// paged), get by definition id or version id, save <c>{model, publish}</c>, publish, retract, bulk publish/retract,
/// execute. Import, export and validation are in <see cref="DefinitionFilesApi"/>.
/// </summary>
internal static class WorkflowDefinitionsApi
{
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";

    public static IEndpointRouteBuilder MapWorkflowDefinitionsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workflow-definitions").WithTags("Workflow definitions");
        group.MapGet("/", DefinitionQueries.ListAsync)
            .WithSummary("Definitions as Elsa lists them: versionOptions (Latest by default, Published, LatestOrPublished, Draft, AllVersions, a number), "
                + "searchTerm, definitionIds, ids, orderBy (Created, Name, Version), orderDirection, page (from 0) and pageSize.");
        group.MapGet("/query/count", DefinitionQueries.CountAsync)
            .WithSummary("How many definitions there are.");
        group.MapGet("/validation/is-name-unique", DefinitionQueries.IsNameUniqueAsync)
            .WithSummary("Whether no other definition has the name.");
        group.MapGet("/by-definition-id/{definitionId}", GetAsync)
            .WithSummary("One version as Elsa's WorkflowDefinition (the Elsa 3 JSON with its links). versionOptions: Latest (default), Published, LatestOrPublished, Draft or a version number.");
        group.MapGet("/by-id/{id}", GetByIdAsync)
            .WithSummary("One version by its version id.");
        group.MapGet("/many-by-id", DefinitionQueries.ManyByIdAsync)
            .WithSummary("Several versions by their version ids (ids=…&ids=…).");
        group.MapGet("/{definitionId}/versions", ListVersionsAsync)
            .WithSummary("Every version of a definition, oldest first.");
        group.MapPost("/", SaveAsync).Accepts<JsonObject>("application/json")
            .WithSummary("Saves a draft: Elsa's {model, publish} (or the Elsa 3 definition JSON alone). Edits the current draft or starts a new version; "
                + "validation errors are returned, not refused, unless publish is true: then a draft with errors is refused with 400 and nothing is stored.");
        group.MapPost("/{definitionId}/publish", PublishAsync)
            .WithSummary("Publishes the draft. Refused with 422 and the errors, leaving the store unchanged, while the draft has errors.");
        group.MapPost("/{definitionId}/retract", RetractAsync)
            .WithSummary("Stops new instances from starting on the published version (or ?version=n); running instances continue on it.");
        group.MapPost("/{definitionId}/execute", ExecuteAsync)
            .WithSummary("Starts an instance of the newest published version (or versionOptions / version) and runs it to its first wait. "
                + $"The instance id is also in the {InstanceIdHeader} header. Returns the link tokens of tasks addressed to no one; 404 when nothing is published, 422 when the input is refused. "
                + $"With an {IdempotencyKeys.Header} header a repeated start (same key, same caller) returns the same instance with new tokens for those tasks "
                + $"(the earlier ones stop working), marked {IdempotencyKeys.ReplayedHeader}: true.");

        var bulk = api.MapGroup("/bulk-actions").WithTags("Workflow definitions");
        bulk.MapPost("/publish/workflow-definitions/by-definition-ids", BulkPublishAsync)
            .WithSummary("Publishes the drafts of several definitions; a draft with errors stays a draft and is reported as not published.");
        bulk.MapPost("/retract/workflow-definitions/by-definition-ids", BulkRetractAsync)
            .WithSummary("Retracts the published version of several definitions.");
        return api;
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(
        string definitionId, string? versionOptions, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (!VersionOptions.TryParse(versionOptions, out var options))
            return InvalidVersionOptions(versionOptions);
        var record = await definitions.FindAsync(definitionId, options, cancellationToken);
        return record is null ? ApiProblems.NotFound($"'{definitionId}' has no {options} version.") : TypedResults.Ok(Linked(record));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetByIdAsync(string id, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var record = await definitions.FindByVersionIdAsync(id, cancellationToken);
        return record is null ? ApiProblems.NotFound($"There is no definition version '{id}'.") : TypedResults.Ok(Linked(record));
    }

    private static async Task<Results<Ok<ListResponse<DefinitionSummary>>, ProblemHttpResult>> ListVersionsAsync(
        string definitionId, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var versions = await definitions.ListVersionsAsync(definitionId, cancellationToken);
        return versions.Count == 0
            ? ApiProblems.NotFound($"There is no definition '{definitionId}'.")
            : TypedResults.Ok(new ListResponse<DefinitionSummary>([.. versions.Select(DefinitionSummary.From)], versions.Count));
    }

    private static async Task<Results<Ok<DefinitionSaved>, ProblemHttpResult>> SaveAsync(
        HttpRequest request, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (problem is not null)
            return problem;
        var root = (JsonObject)JsonNode.Parse(body!)!;
        // Elsa's SaveWorkflowDefinitionRequest wraps the definition in "model"; a definition itself never has that field.
        var isRequest = root.ContainsKey("model");
        if (isRequest && root["model"] is not JsonObject)
            return ApiProblems.Invalid("$.model", "'model' must be the definition as a JSON object.");
        var model = DefinitionFilesApi.WithoutApiFields(isRequest ? (JsonObject)root["model"]! : root);
        var publish = isRequest && root["publish"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var (read, errors) = WorkflowDefinitionReader.Read(model);
        if (read is null)
            return ApiProblems.Invalid(errors.Select(e => e with { Path = isRequest ? e.Path.Replace("$", "$.model", StringComparison.Ordinal) : e.Path }).ToList(),
                StatusCodes.Status400BadRequest, "The definition cannot be read.");

        var json = model.ToJsonString();
        if (publish)
        {
            var invalid = definitions.Validate(json);
            if (invalid.Count > 0)
                return ApiProblems.Invalid([.. invalid.Select(e => e with { Path = e.Path.Replace("$", "$.model", StringComparison.Ordinal) })],
                    StatusCodes.Status400BadRequest, "The definition has errors and was neither saved nor published.");
        }
        var saved = await definitions.SaveDraftAsync(json, user.ActorName(), cancellationToken);
        var record = publish ? await definitions.PublishAsync(read.DefinitionId, user.ActorName(), cancellationToken) : saved.Definition;
        return TypedResults.Ok(Saved(record, saved.Changed || publish, saved.Errors));
    }

    private static async Task<Results<Ok<DefinitionSaved>, ProblemHttpResult>> PublishAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(Saved(await definitions.PublishAsync(definitionId, user.ActorName(), cancellationToken), changed: true, []));
        }
        catch (WorkflowDefinitionInvalidException e)
        {
            return ApiProblems.Invalid(e.Errors, StatusCodes.Status422UnprocessableEntity, "The draft has errors and was not published.");
        }
        catch (DefinitionNotFoundException e)
        {
            var latest = await definitions.FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
            if (latest is null)
                return ApiProblems.NotFound($"There is no definition '{definitionId}'.");
            // Elsa answers a publish of what is already published with the version and alreadyPublished.
            return latest.IsPublished ? TypedResults.Ok(Saved(latest, changed: false, []) with { AlreadyPublished = true }) : ApiProblems.Conflict(e.Message);
        }
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> RetractAsync(
        string definitionId, int? version, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(Linked(await definitions.RetractAsync(definitionId, version, cancellationToken)));
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

    private static async Task<Ok<BulkPublishResponse>> BulkPublishAsync(
        BulkDefinitionsRequest request, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        List<string> published = [], already = [], notFound = [];
        foreach (var id in request.DefinitionIds ?? [])
        {
            var latest = await definitions.FindAsync(id, VersionOptions.Latest, cancellationToken);
            if (latest is null)
                notFound.Add(id);
            else if (latest.IsPublished)
                already.Add(id);
            else
            {
                try
                {
                    await definitions.PublishAsync(id, user.ActorName(), cancellationToken);
                    published.Add(id);
                }
                catch (WorkflowDefinitionInvalidException)
                {
                    // A draft with errors stays a draft: it is in none of Elsa's lists, as a failed publish is in Elsa's.
                }
            }
        }
        return TypedResults.Ok(new BulkPublishResponse(published, already, notFound, []));
    }

    private static async Task<Ok<BulkRetractResponse>> BulkRetractAsync(BulkDefinitionsRequest request, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        List<string> retracted = [], already = [], notFound = [];
        foreach (var id in request.DefinitionIds ?? [])
        {
            if (await definitions.FindAsync(id, VersionOptions.Latest, cancellationToken) is null)
                notFound.Add(id);
            else if (await definitions.FindAsync(id, VersionOptions.Published, cancellationToken) is null)
                already.Add(id);
            else
            {
                await definitions.RetractAsync(id, null, cancellationToken);
                retracted.Add(id);
            }
        }
        return TypedResults.Ok(new BulkRetractResponse(retracted, already, notFound));
    }

    private static async Task<Results<Ok<StartedInstance>, ProblemHttpResult>> ExecuteAsync(
        string definitionId, ExecuteRequest? request, ClaimsPrincipal user, HttpContext http, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var (key, invalidKey) = IdempotencyKeys.Read(http.Request);
        if (invalidKey is not null)
            return invalidKey;
        var version = request?.Version;
        if (version is null && request?.VersionOptions is { } text)
        {
            // Only published versions run: Latest, Published and LatestOrPublished all mean the newest published one.
            if (!VersionOptions.TryParse(text, out var options) || options.Kind == VersionOptions.Draft.Kind)
                return ApiProblems.Invalid("$.versionOptions", $"'{text}' cannot run: use Published, Latest or a published version number.");
            version = options.Kind == "Version" ? options.Version : null;
        }
        try
        {
            var step = await runtime.StartAsync(new StartWorkflowRequest(definitionId)
            {
                Version = version,
                CorrelationId = request?.CorrelationId,
                Input = request?.Input,
                Actor = user.ActorName(),
                IdempotencyKey = key,
            }, cancellationToken);
            http.Response.Headers[InstanceIdHeader] = step.InstanceId.ToString();
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

    internal static JsonObject Linked(WorkflowDefinitionRecord record) => DefinitionLinks.Linked(record, WorkflowDefinitionService.Export(record, record.IsLatest));

    internal static DefinitionSaved Saved(WorkflowDefinitionRecord record, bool changed, IReadOnlyList<ValidationError> errors) =>
        new(Linked(record), AlreadyPublished: false, ConsumingWorkflowCount: 0, changed, errors.Count == 0, [.. errors.Select(ValidationErrorDto.From)]);

    internal static ProblemHttpResult InvalidVersionOptions(string? text) =>
        ApiProblems.Invalid("versionOptions", $"'{text}' is not Latest, Published, LatestOrPublished, Draft or a version number.");
}
