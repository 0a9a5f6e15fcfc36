using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Workflows.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Definitions;

/// <summary>Definitions as files: Elsa's import and export, and validation without storing.</summary>
internal static class DefinitionFilesApi
{
    /// <summary>Fields the API adds to a definition (links, who and when); they are not part of its content.</summary>
    private static readonly string[] ApiFields = ["links", "materializerName", "materializerContext", "providerName", "createdBy", "publishedAt", "publishedBy", "changed", "isValid", "errors"];

    public static IEndpointRouteBuilder MapDefinitionFilesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workflow-definitions").WithTags("Workflow definitions");
        group.MapPost("/import", ImportAsync).Accepts<JsonObject>("application/json")
            .WithSummary("Imports an exported definition (Elsa's WorkflowDefinitionModel) and answers Elsa's WorkflowDefinition with changed, isValid and errors. "
                + "Content equal to a stored version changes nothing. publish defaults to the file's isPublished.");
        group.MapGet("/{definitionId}/export", ExportAsync)
            .WithSummary("Downloads one version as an Elsa 3 JSON file.");
        group.MapPost("/validate", ValidateAsync).Accepts<JsonObject>("application/json")
            .WithSummary("Checks Elsa 3 JSON without storing it.");
        return api;
    }

    /// <summary>The definition without the fields the API adds to it.</summary>
    public static JsonObject WithoutApiFields(JsonObject definition)
    {
        var copy = (JsonObject)definition.DeepClone();
        foreach (var field in ApiFields)
            copy.Remove(field);
        return copy;
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, bool? publish, ClaimsPrincipal user, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (problem is not null)
            return problem;
        var model = WithoutApiFields((JsonObject)JsonNode.Parse(body!)!);
        var (read, readErrors) = WorkflowDefinitionReader.Read(model);
        if (read is null)
            return ApiProblems.Invalid(readErrors, StatusCodes.Status400BadRequest, "The definition cannot be read.");
        var published = publish ?? read.IsPublished;
        try
        {
            var saved = await definitions.ImportAsync(model.ToJsonString(), published, user.ActorName(), cancellationToken);
            var answer = WorkflowDefinitionsApi.Linked(saved.Definition);
            answer["changed"] = saved.Changed;
            answer["isValid"] = saved.Errors.Count == 0;
            answer["errors"] = new JsonArray([.. saved.Errors.Select(e => JsonNodeOf(ValidationErrorDto.From(e)))]);
            return TypedResults.Ok(answer);
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
            return WorkflowDefinitionsApi.InvalidVersionOptions(versionOptions);
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

    private static JsonObject JsonNodeOf(ValidationErrorDto error) =>
        new JsonObject { ["path"] = error.Path, ["message"] = error.Message, ["activityId"] = error.ActivityId, ["input"] = error.Input };
}
