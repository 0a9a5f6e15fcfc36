using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// The answer a person gives to a task, read from the resume input. Every step accepts:
/// <code>
/// {
///   "decision": "Approved",            // one of the step's decisions (may be left out when there is only one)
///   "reason": "…",                     // required for Rejected, Declined and Cancelled
///   "authentication": {                // what the host knows about how the person authenticated
///     "method": "BankID" | "SMS",      // the step-up used to confirm (attestation: either; signing: BankID)
///     "reference": "…",                // the BankID orderRef or the SMS challenge id
///     "verifiedAt": "2026-03-02T09:00:00Z",      // when the step-up completed
///     "sessionStartedAt": "2026-03-02T08:55:00Z" // when the person's current login began
///   },
///   …step fields…
/// }
/// </code>
/// </summary>
public sealed class TaskAnswer
{
    public TaskAnswer(JsonNode? input, TaskRecipient actor)
    {
        Input = input as JsonObject ?? [];
        Actor = actor;
        Decision = Text("decision");
        Authentication = AuthenticationFacts.From(Input["authentication"]);
    }

    public JsonObject Input { get; }

    /// <summary>The person who acted (the task's recipient).</summary>
    public TaskRecipient Actor { get; }

    /// <summary>The chosen decision, defaulted by the step when it has only one.</summary>
    public string? Decision { get; internal set; }

    public string? Reason => Text("reason");

    public AuthenticationFacts? Authentication { get; }

    /// <summary>A trimmed string property, or null when missing or blank.</summary>
    public string? Text(string name) => TextOf(Input[name]);

    /// <summary>A trimmed string, or null when the node is missing, not a string, or blank.</summary>
    public static string? TextOf(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    /// <summary>True only for JSON <c>true</c> (or the text "true").</summary>
    public bool IsTrue(string name) => Input[name] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.TryGetValue<string>(out var s) => string.Equals(s.Trim(), "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public JsonNode? this[string name] => Input[name];
}

/// <summary>How the acting person authenticated, as the host reports it (see <see cref="TaskAnswer"/>).</summary>
public sealed record AuthenticationFacts(string? Method, string? Reference, DateTimeOffset? VerifiedAt, DateTimeOffset? SessionStartedAt)
{
    public const string BankId = "BankID";
    public const string Sms = "SMS";

    public static AuthenticationFacts? From(JsonNode? node)
    {
        if (node is not JsonObject o)
            return null;
        return new AuthenticationFacts(MethodOf(o["method"]), TaskAnswer.TextOf(o["reference"]), Time(o["verifiedAt"]), Time(o["sessionStartedAt"]));
    }

    private static string? MethodOf(JsonNode? node) => TaskAnswer.TextOf(node) switch
    {
        { } m when m.Equals(BankId, StringComparison.OrdinalIgnoreCase) => BankId,
        { } m when m.Equals(Sms, StringComparison.OrdinalIgnoreCase) => Sms,
        var other => other,
    };

    private static DateTimeOffset? Time(JsonNode? node) =>
        TaskAnswer.TextOf(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
