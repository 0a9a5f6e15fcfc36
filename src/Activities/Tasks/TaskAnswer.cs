using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// The answer a person gives to a task, read from the resume input. Every step accepts:
/// <code>
/// {
///   "decision": "Approved",            // one of the step's decisions (may be left out when there is only one)
///   "reason": "…",                     // required for Rejected, Declined and Cancelled
///   …step fields…
/// }
/// </code>
/// How the person confirmed a signature or an attestation is never part of the answer: the step reads the proof the
/// host recorded (see <see cref="StepUp"/>), and an <c>authentication</c> property, if a caller sends one, is ignored.
/// </summary>
public sealed class TaskAnswer
{
    public TaskAnswer(JsonNode? input, TaskRecipient actor)
    {
        Input = input as JsonObject ?? [];
        Actor = actor;
        Decision = Text("decision");
    }

    public JsonObject Input { get; }

    /// <summary>The person who acted (the task's recipient).</summary>
    public TaskRecipient Actor { get; }

    /// <summary>The chosen decision, defaulted by the step when it has only one.</summary>
    public string? Decision { get; internal set; }

    public string? Reason => Text("reason");

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
