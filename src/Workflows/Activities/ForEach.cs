using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>
/// Runs its body once per item, one after the other, then continues with <c>Done</c>. Inside the body the item is
/// <c>CurrentValue</c> (and its position <c>CurrentIndex</c>): <c>getCurrentValue()</c> in JavaScript. The items are
/// read once, when the loop starts.
/// </summary>
[Activity("Elsa", "Looping", "Runs its body once for each item, in order, then continues.")]
public sealed class ForEach : Activity
{
    private const string ItemsKey = "items";
    private const string IndexKey = "index";

    [Input(Description = "The items to iterate (a JSON array, or a script returning one).", UIHint = InputUIHints.Json)]
    public Input<JsonNode>? Items { get; set; }

    [Output(Description = "The item of the current iteration.")]
    public Output<object>? CurrentValue { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var items = Collection.Of(context.Get(Items));
        context.SetProperty(ItemsKey, new JsonArray([.. items.Select(i => i?.DeepClone())]));
        Next(context, items, 0);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnBodyCompletedAsync(ActivityExecutionContext context)
    {
        var items = Collection.Of(context.GetProperty<JsonNode>(ItemsKey));
        Next(context, items, context.GetProperty<int>(IndexKey) + 1);
        return ValueTask.CompletedTask;
    }

    private void Next(ActivityExecutionContext context, IReadOnlyList<JsonNode?> items, int index)
    {
        if (index >= items.Count || !context.HasBody)
        {
            context.Complete();
            return;
        }
        context.SetProperty(IndexKey, index);
        context.Set(CurrentValue, items[index]?.DeepClone());
        context.RunBody(Collection.Locals(items[index], index));
    }
}

/// <summary>Reads a container's items: a JSON array, or JSON text holding one; anything else is a single item.</summary>
internal static class Collection
{
    public static IReadOnlyList<JsonNode?> Of(JsonNode? value) => value switch
    {
        null => [],
        JsonArray array => [.. array],
        JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('[') => JsonNode.Parse(text) is JsonArray parsed ? [.. parsed] : [],
        _ => [value],
    };

    public static JsonObject Locals(JsonNode? item, int index) => new() { ["CurrentValue"] = item?.DeepClone(), ["CurrentIndex"] = index };
}
