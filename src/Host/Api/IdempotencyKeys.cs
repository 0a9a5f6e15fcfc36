using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api;

/// <summary>
/// The <c>Idempotency-Key</c> request header (IETF draft "The Idempotency-Key HTTP Header Field"), as every entry point
/// that starts an instance reads it: a start with a key its caller already used returns the instance that key started,
/// answered with <c>Idempotent-Replayed: true</c>.
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 255;

    /// <summary>The key (the draft's quoted string, or bare), or null without one; a problem when it is empty or too long.</summary>
    public static (string? Key, ProblemHttpResult? Problem) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
            return (null, null);
        var key = values.ToString().Trim();
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
            key = key[1..^1];
        return key.Length is 0 or > MaxLength
            ? (null, ApiProblems.Invalid(Header, $"The {Header} header is 1 to {MaxLength} characters."))
            : (key, null);
    }

    /// <summary>Marks the answer to a start that found the instance an earlier start with the same key made.</summary>
    public static void MarkReplayed(HttpResponse response, StepResult step)
    {
        if (step.Replayed)
            response.Headers[ReplayedHeader] = "true";
    }
}
