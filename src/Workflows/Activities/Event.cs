using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>
/// Waits for a named event raised for this instance's correlation id. As a trigger (the flowchart's start, or marked
/// <c>canStartWorkflow</c>) the event starts a new instance instead, which continues at once with the payload.
/// </summary>
[Activity("Elsa", "Primitives", "Waits until the named event is published for this workflow's correlation id; as a trigger, the event starts the workflow.", Kind = "Trigger")]
public sealed class Event : Activity
{
    public const string StimulusName = "Elsa.Event";

    [Input(Description = "The event's name.", Required = true)]
    public Input<string>? EventName { get; set; }

    [Output(Description = "The event's payload.")]
    public Output<object>? Result { get; set; }

    public static JsonObject PayloadFor(string eventName) => new() { ["eventName"] = eventName };

    /// <summary>What an instance started by the event is given: the event's name and payload.</summary>
    public static JsonObject TriggerInputFor(string eventName, JsonNode? payload) => new() { ["eventName"] = eventName, ["payload"] = payload?.DeepClone() };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var eventName = context.Get(EventName) ?? "";
        if (context.TriggerInput is JsonObject trigger && trigger["eventName"]?.ToString() == eventName)
        {
            context.Set(Result, trigger["payload"]);
            context.Complete();
            return ValueTask.CompletedTask;
        }
        context.CreateBookmark(new BookmarkOptions { Name = StimulusName, Payload = PayloadFor(eventName) });
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Set(Result, context.ResumeInput);
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
