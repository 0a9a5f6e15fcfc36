namespace Elsa.Kundportal.Workflows.Model;

/// <summary>An activity input: an expression evaluated when the activity runs.</summary>
public abstract class Input
{
    protected Input(Expression expression) => Expression = expression;

    public Expression Expression { get; }

    public abstract Type ValueType { get; }
}

/// <summary>A typed activity input. Read it with <see cref="Runtime.ActivityExecutionContext.Get{T}(Input{T}?)"/>.</summary>
public sealed class Input<T> : Input
{
    public Input(Expression expression) : base(expression) { }

    public Input(T literal) : base(Expression.FromLiteral(literal)) { }

    public override Type ValueType => typeof(T);

    /// <summary>The value when it is written into the definition (a literal or object), for design-time checks.</summary>
    public bool TryGetLiteral(out T? value)
    {
        value = default;
        if (Expression.Type is not (Expression.Literal or Expression.Object))
            return false;
        try
        {
            var node = Expression.Type == Expression.Object && Expression.ValueAsString is { } text && typeof(T) != typeof(string)
                ? System.Text.Json.Nodes.JsonNode.Parse(text)
                : Expression.Value;
            value = Expressions.ValueConverter.Convert<T>(node);
            return true;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or OverflowException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>An activity output. Written with <see cref="Runtime.ActivityExecutionContext.Set{T}(Output{T}?, T)"/>;
/// when the definition binds it to a variable (<c>memoryReference</c>) the variable receives the value.</summary>
public abstract class Output
{
    /// <summary>The output's name in the definition (camelCase), set when the activity is bound.</summary>
    public string Name { get; internal set; } = "result";

    public string? VariableName { get; internal set; }

    public abstract Type ValueType { get; }
}

public sealed class Output<T> : Output
{
    public override Type ValueType => typeof(T);
}
