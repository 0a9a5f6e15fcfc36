using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Expressions;
using Elsa.Kundportal.Workflows.Model;

namespace Elsa.Kundportal.Workflows.Descriptors;

internal sealed record InputBinding(PropertyInfo Property, string JsonName, Type? WrappedValueType, InputDescriptor Descriptor)
{
    /// <summary>Creates the <c>Input&lt;T&gt;</c> for an expression without reflection on every execution.</summary>
    public Func<Expression, Input>? Create { get; } = WrappedValueType is null ? null : CompileFactory<Expression, Input>(typeof(Input<>).MakeGenericType(WrappedValueType));

    internal static Func<TArg, TResult> CompileFactory<TArg, TResult>(Type type)
    {
        var argument = System.Linq.Expressions.Expression.Parameter(typeof(TArg));
        var constructor = type.GetConstructor([typeof(TArg)])!;
        return System.Linq.Expressions.Expression.Lambda<Func<TArg, TResult>>(System.Linq.Expressions.Expression.New(constructor, argument), argument).Compile();
    }
}

internal sealed record OutputBinding(PropertyInfo Property, string JsonName, Type ValueType)
{
    public Func<Output> Create { get; } = System.Linq.Expressions.Expression.Lambda<Func<Output>>(System.Linq.Expressions.Expression.New(Property.PropertyType)).Compile();
}

/// <summary>Every activity type the engine can run, described for the designer and bound from definitions.</summary>
public sealed class ActivityRegistry
{
    private readonly ConcurrentDictionary<string, ActivityDescriptor> _byType = new(StringComparer.Ordinal);

    /// <summary>
    /// Every registered activity, and the flowchart that holds them. The flowchart is described (Elsa's clients look up
    /// the root's type) but not registered: it is not browsable and cannot be placed inside a flowchart here.
    /// </summary>
    public IReadOnlyCollection<ActivityDescriptor> Descriptors => [.. _byType.Values.Append(Flowchart).OrderBy(d => d.Category).ThenBy(d => d.DisplayName)];

    /// <summary>The root of every definition, <c>Elsa.Flowchart</c>.</summary>
    public static ActivityDescriptor Flowchart { get; } = new(
        "Elsa.Flowchart", "Elsa", "Flowchart", 1, "Flow", "Flowchart", "A flowchart of activities connected by their outcome ports.",
        [], [], ActivityKinds.Action, [PortDescriptor.ForOutcome("Done")],
        new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["waits"] = false },
        new Dictionary<string, JsonNode?>(StringComparer.Ordinal),
        IsContainer: true, IsBrowsable: false, IsStart: false, IsTerminal: false);

    public ActivityDescriptor? Find(string typeName) => _byType.GetValueOrDefault(typeName);

    public void Register(Type type)
    {
        var descriptor = Describe(type);
        _byType[descriptor.TypeName] = descriptor;
    }

    public void Register<TActivity>() where TActivity : Activity, new() => Register(typeof(TActivity));

    public void RegisterAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Activity).IsAssignableFrom(t) && t.GetCustomAttribute<ActivityAttribute>() is not null))
            Register(type);
    }

    public static ActivityDescriptor Describe(Type type)
    {
        var attribute = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException($"{type.FullName} has no [Activity] attribute.");
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new InvalidOperationException($"{type.FullName} needs a parameterless constructor; activities get services from their context.");

        var prototype = (Activity)Activator.CreateInstance(type)!;
        var bindings = new List<InputBinding>();
        var outputs = new List<OutputBinding>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<InputAttribute>() is { } input)
                bindings.Add(BindInput(property, input, prototype));
            else if (property.GetCustomAttribute<OutputAttribute>() is { } output && property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Output<>))
                outputs.Add(new OutputBinding(property, JsonNamingPolicy.CamelCase.ConvertName(property.Name), property.PropertyType.GetGenericArguments()[0]));
        }

        var flowNode = type.GetCustomAttribute<FlowNodeAttribute>();
        var outcomes = flowNode?.Outcomes ?? ["Done"];
        var hasDynamic = type.GetMethod(nameof(Activity.GetDynamicOutcomes))!.DeclaringType != typeof(Activity);
        var waits = type.GetMethod(nameof(Activity.ResumeAsync))!.DeclaringType != typeof(Activity);
        var typeName = attribute.Type ?? $"{attribute.Namespace}.{type.Name}";
        return new ActivityDescriptor(
            typeName,
            attribute.Namespace,
            type.Name,
            attribute.Version,
            attribute.Category,
            attribute.DisplayName ?? SplitWords(type.Name),
            attribute.Description,
            [.. bindings.Select(b => b.Descriptor).OrderBy(d => d.Order)],
            [.. outputs.Select((o, i) => new OutputDescriptor(o.JsonName, ValueConverter.TypeName(o.ValueType), SplitWords(o.Property.Name),
                o.Property.GetCustomAttribute<OutputAttribute>()!.Description, i, IsBrowsable: true, IsSynthetic: false))],
            attribute.Kind ?? (waits ? ActivityKinds.Task : ActivityKinds.Action),
            [.. outcomes.Select(PortDescriptor.ForOutcome)],
            new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["waits"] = waits },
            new Dictionary<string, JsonNode?>(StringComparer.Ordinal),
            IsContainer: false,
            IsBrowsable: true,
            IsStart: typeName == "Elsa.Start",
            IsTerminal: outcomes.Count == 0 && !hasDynamic)
        {
            HasDynamicOutcomes = hasDynamic,
            Waits = waits,
            ClrType = type,
            Bindings = bindings,
            OutputBindings = outputs,
        };
    }

    private static InputBinding BindInput(PropertyInfo property, InputAttribute input, Activity prototype)
    {
        var wrapped = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Input<>)
            ? property.PropertyType.GetGenericArguments()[0]
            : null;
        var valueType = wrapped ?? property.PropertyType;
        var jsonName = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
        JsonNode? defaultValue = input.DefaultValue is not null ? JsonNode.Parse(input.DefaultValue) : null;
        if (defaultValue is null && property.GetValue(prototype) is Input { Expression.Type: Expression.Literal } literal)
            defaultValue = literal.Expression.Value?.DeepClone();
        var uiHint = input.UIHint ?? DefaultHint(valueType, input.Options);
        var descriptor = new InputDescriptor(jsonName, ValueConverter.TypeName(valueType), input.DisplayName ?? SplitWords(property.Name),
            input.Description, input.Order, IsBrowsable: true, IsSynthetic: false, uiHint, input.Category, defaultValue,
            uiHint == InputUIHints.Code ? Expression.JavaScript : Expression.Literal, IsReadOnly: false, IsSensitive: false, wrapped is not null,
            StorageDriverType: null, UISpecifications(uiHint, input.Options), input.Required)
        {
            Options = input.Options,
        };
        return new InputBinding(property, jsonName, wrapped, descriptor);
    }

    // Elsa has no number or duration editor: numbers and TimeSpans are single-line text, as in Elsa.
    private static string DefaultHint(Type type, string[]? options)
    {
        if (options is { Length: > 0 })
            return InputUIHints.Dropdown;
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(bool))
            return InputUIHints.Checkbox;
        if (t == typeof(string[]) || t == typeof(List<string>))
            return InputUIHints.MultiText;
        return t == typeof(string) || t == typeof(TimeSpan) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(decimal)
            ? InputUIHints.SingleLine
            : InputUIHints.Json;
    }

    /// <summary>
    /// Choices in Elsa's shape: a dropdown's <c>{ "dropdown": { "selectList": { "items": [{ "text", "value" }] } } }</c>, a check
    /// list's <c>{ "checklist": { "checkList": { "items": [{ "text", "value", "isChecked" }] } } }</c>.
    /// </summary>
    private static Dictionary<string, JsonNode?>? UISpecifications(string uiHint, string[]? options)
    {
        if (options is not { Length: > 0 })
            return null;
        if (uiHint == InputUIHints.CheckList)
        {
            var checks = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject { ["text"] = o, ["value"] = o, ["isChecked"] = false })]);
            return new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
            {
                [InputUIHints.CheckList] = new JsonObject { ["checkList"] = new JsonObject { ["items"] = checks, ["isFlagsEnum"] = false } },
            };
        }
        var items = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject { ["text"] = o, ["value"] = o })]);
        return new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            [InputUIHints.Dropdown] = new JsonObject
            {
                ["selectList"] = new JsonObject { ["items"] = items, ["isFlagsEnum"] = false, ["sortItems"] = false },
            },
        };
    }

    private static string SplitWords(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]) ? " " + c : c.ToString()));

    /// <summary>Creates an activity for one execution and binds its inputs and outputs from the node's JSON.</summary>
    public Activity Bind(ActivityNode node, WorkflowDefinitionModel definition)
    {
        var descriptor = Find(node.Type) ?? throw new InvalidOperationException($"Unknown activity type '{node.Type}'.");
        var activity = (Activity)Activator.CreateInstance(descriptor.ClrType)!;
        activity.Id = node.Id;
        activity.Name = node.Name;
        foreach (var binding in descriptor.Bindings)
        {
            var json = node.Json[binding.JsonName];
            if (json is null)
                continue;
            binding.Property.SetValue(activity, ReadInput(binding, json));
        }
        foreach (var output in descriptor.OutputBindings)
        {
            var instance = output.Create();
            instance.Name = output.JsonName;
            if (node.Json[output.JsonName]?["memoryReference"]?["id"]?.ToString() is { } reference)
                instance.VariableName = definition.FindVariable(reference)?.Name ?? reference;
            output.Property.SetValue(activity, instance);
        }
        return activity;
    }

    internal static object? ReadInput(InputBinding binding, JsonNode json)
    {
        if (binding.WrappedValueType is null)
            return json.Deserialize(binding.Property.PropertyType, ValueConverter.Json);
        if (json is not JsonObject o || o["expression"] is not JsonObject e)
            throw new FormatException($"Input '{binding.JsonName}' must be an object {{ typeName, expression: {{ type, value }} }}.");
        var expressionType = e["type"]?.ToString() ?? Expression.Literal;
        return binding.Create!(new Expression(expressionType, e["value"]?.DeepClone()));
    }
}
