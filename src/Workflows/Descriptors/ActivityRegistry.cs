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

    public IReadOnlyCollection<ActivityDescriptor> Descriptors => _byType.Values.OrderBy(d => d.Category).ThenBy(d => d.DisplayName).ToList();

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

        var outcomes = type.GetCustomAttribute<FlowNodeAttribute>()?.Outcomes ?? ["Done"];
        var hasDynamic = type.GetMethod(nameof(Activity.GetDynamicOutcomes))!.DeclaringType != typeof(Activity);
        var kind = type.GetMethod(nameof(Activity.ResumeAsync))!.DeclaringType != typeof(Activity) ? ActivityKinds.Blocking
            : type.GetCustomAttribute<FlowNodeAttribute>() is not null ? ActivityKinds.Flow : ActivityKinds.Action;

        var typeName = attribute.Type ?? $"{attribute.Namespace}.{type.Name}";
        return new ActivityDescriptor(
            typeName,
            attribute.Namespace,
            type.Name,
            attribute.DisplayName ?? SplitWords(type.Name),
            attribute.Category,
            attribute.Description,
            attribute.Version,
            kind,
            bindings.Select(b => b.Descriptor).OrderBy(d => d.Order).ToList(),
            outputs.Select(o => new OutputDescriptor(o.JsonName, ValueConverter.TypeName(o.ValueType), SplitWords(o.Property.Name), o.Property.GetCustomAttribute<OutputAttribute>()!.Description)).ToList(),
            outcomes,
            hasDynamic)
        {
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
            input.Description, uiHint, defaultValue, input.Required, input.Options, input.Category, input.Order, wrapped is not null);
        return new InputBinding(property, jsonName, wrapped, descriptor);
    }

    private static string DefaultHint(Type type, string[]? options)
    {
        if (options is { Length: > 0 })
            return InputUIHints.Dropdown;
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(bool))
            return InputUIHints.Checkbox;
        if (t == typeof(TimeSpan))
            return InputUIHints.Duration;
        if (t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(decimal))
            return InputUIHints.Number;
        if (t == typeof(string[]) || t == typeof(List<string>))
            return InputUIHints.MultiText;
        return t == typeof(string) ? InputUIHints.SingleLine : InputUIHints.Json;
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
