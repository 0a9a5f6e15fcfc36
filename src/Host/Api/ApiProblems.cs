using Elsa.Kundportal.Workflows.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Elsa.Kundportal.Host.Api;

/// <summary>The Problem Details the API answers with. Validation problems key their messages by JSON path.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.");

    /// <summary>A 400 for one request field, keyed by its JSON path (e.g. <c>$.token</c>) or query parameter name.</summary>
    public static ProblemHttpResult Invalid(string key, string message) =>
        Validation(new Dictionary<string, string[]> { [key] = [message] }, StatusCodes.Status400BadRequest, "The request is not valid.");

    /// <summary>Definition errors keyed by JSON path; the full list (with activity and input) is in <c>validationErrors</c>.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<ValidationError> errors, int status, string title)
    {
        var problem = Validation(
            errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            status, title);
        problem.ProblemDetails.Extensions["validationErrors"] = errors.Select(ValidationErrorDto.From).ToList();
        return problem;
    }

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, int status, string title) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = status, Title = title });
}

/// <summary>One problem in a definition: the JSON path, the message, and the activity and input it concerns.</summary>
internal sealed record ValidationErrorDto(string Path, string Message, string? ActivityId, string? Input)
{
    public static ValidationErrorDto From(ValidationError error) => new(error.Path, error.Message, error.ActivityId, error.Input);
}
