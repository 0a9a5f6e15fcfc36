using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Elsa.Kundportal.Workflows.Expressions;

/// <summary>Converts JSON values (literals, variables, script results) to the CLR type an input asks for.</summary>
public static class ValueConverter
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static object? Convert(JsonNode? value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null)
            return target.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(target) : null;
        if (target == typeof(JsonNode))
            return value.DeepClone();
        if (target == typeof(object))
            return value.DeepClone();

        var text = value is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;
        if (target == typeof(string))
            return text ?? value.ToJsonString();
        if (text is not null)
            return FromString(text, target);
        return value.Deserialize(target, Json);
    }

    public static T? Convert<T>(JsonNode? value) => (T?)Convert(value, typeof(T));

    private static object? FromString(string text, Type target)
    {
        if (target == typeof(TimeSpan))
            return ParseTimeSpan(text);
        if (target == typeof(bool))
            return bool.Parse(text.Trim());
        if (target == typeof(int))
            return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (target == typeof(long))
            return long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (target == typeof(double))
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (target == typeof(decimal))
            return decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
        if (target == typeof(DateTimeOffset))
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (target == typeof(Guid))
            return Guid.Parse(text);
        if (target.IsEnum)
            return Enum.Parse(target, text, ignoreCase: true);
        if (target == typeof(string[]) && !text.TrimStart().StartsWith('['))
            return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // Elsa writes object literals (arrays, objects) as JSON text inside the expression value.
        return JsonSerializer.Deserialize(text, target, Json);
    }

    /// <summary>Accepts .NET's <c>d.hh:mm:ss</c> and ISO 8601 durations (<c>P30D</c>, <c>PT5M</c>).</summary>
    public static TimeSpan ParseTimeSpan(string text)
    {
        text = text.Trim();
        if (text.StartsWith('P') || text.StartsWith('-'))
            return XmlConvert.ToTimeSpan(text);
        return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
    }

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        TimeSpan ts => JsonValue.Create(ts.ToString("c", CultureInfo.InvariantCulture)),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Json),
    };

    /// <summary>The Elsa type name shown for a CLR type (String, Int32, TimeSpan, String[] ...).</summary>
    public static string TypeName(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(JsonNode) || t == typeof(object))
            return "Object";
        if (t.IsArray)
            return TypeName(t.GetElementType()!) + "[]";
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
            return TypeName(t.GetGenericArguments()[0]) + "[]";
        return t.Name;
    }
}
