namespace Elsa.Kundportal.Workflows.Definitions;

/// <summary>One problem in a definition: a message and the JSON path it concerns.</summary>
public sealed record ValidationError(string Path, string Message, string? ActivityId = null, string? Input = null)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown when a definition is refused; the store is left unchanged.</summary>
public sealed class WorkflowDefinitionInvalidException(IReadOnlyList<ValidationError> errors)
    : Exception("The workflow definition is invalid: " + string.Join("; ", errors.Take(5)))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
