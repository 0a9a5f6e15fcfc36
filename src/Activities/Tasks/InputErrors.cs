using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>Collects per-field messages (Swedish, for the person filling in the form) and refuses the input when any.</summary>
public sealed class InputErrors
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyDictionary<string, string> Fields => _errors;

    /// <summary>All messages in one line, for the answer's summary.</summary>
    public string Summary => string.Join(" ", _errors.Values);

    /// <summary>Adds a message for a field (a JSON path such as <c>careUnits[0].hsaId</c>); the first message per field wins.</summary>
    public void Add(string field, string message) => _errors.TryAdd(field, message);

    /// <summary>Adds "at most <paramref name="max"/> characters" for a text that is longer; returns whether it fits.</summary>
    public bool CheckLength(string field, string? text, int max, string what)
    {
        if (text is null || text.Length <= max)
            return true;
        Add(field, $"{what} får vara högst {max} tecken (nu {text.Length}).");
        return false;
    }

    /// <summary>Rolls the step back and answers the caller with the messages; the task stays open.</summary>
    public void ThrowIfAny(ActivityExecutionContext context)
    {
        if (HasErrors)
            context.RejectInput(Summary, _errors);
    }
}
