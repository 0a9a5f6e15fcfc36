using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>Waits for a named event raised for this instance's correlation id.</summary>
[Activity("Elsa", "Primitives", "Waits until the named event is published for this workflow's correlation id.", Kind = "Trigger")]
public sealed class Event : Activity
{
    public const string StimulusName = "Elsa.Event";

    [Input(Description = "The event's name.", Required = true)]
    public Input<string>? EventName { get; set; }

    [Output(Description = "The event's payload.")]
    public Output<object>? Result { get; set; }

    public static JsonObject PayloadFor(string eventName) => new() { ["eventName"] = eventName };

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.CreateBookmark(new BookmarkOptions { Name = StimulusName, Payload = PayloadFor(context.Get(EventName) ?? "") });
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Set(Result, context.ResumeInput);
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
