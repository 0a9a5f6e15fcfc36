using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api;

/// <summary>Reads a request body that must be one JSON object, answering a precise 400 when it is not.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static async Task<(string? Json, ProblemHttpResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
            return (null, ApiProblems.Invalid("$", "The request body is empty; send the definition as a JSON object."));
        try
        {
            return JsonNode.Parse(text, documentOptions: Options) is JsonObject
                ? (text, null)
                : (null, ApiProblems.Invalid("$", "The request body must be a JSON object."));
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Invalid(e.Path ?? "$",
                $"The request body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})."));
        }
    }
}
