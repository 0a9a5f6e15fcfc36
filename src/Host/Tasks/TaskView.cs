using Microsoft.AspNetCore.Antiforgery;

namespace Elsa.Kundportal.Host.Tasks;

public enum FieldKind
{
    Text,
    TextArea,
    Checkbox,
    Select,
    Radio,
}

/// <summary>A form field of a task page; <see cref="Name"/> is the JSON path of the resume input it fills.</summary>
public sealed record TaskField(string Name, string Label, FieldKind Kind)
{
    public string? Value { get; init; }
    public string? Error { get; init; }
    public string? Hint { get; init; }
    public IReadOnlyList<(string Value, string Label)> Options { get; init; } = [];
    public string? AutoComplete { get; init; }
    public string Id => "f-" + string.Concat(Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}

public sealed record TaskSection(string Heading, IReadOnlyList<(string Label, string Value)> Rows);

/// <summary>Where a task page stands: the form, waiting for an SMS code, or waiting for BankID.</summary>
public enum TaskStage
{
    Form,
    SmsCode,
    BankId,
    Done,
    Message,
}

/// <summary>Everything a task page shows; built by <see cref="TaskViews"/>, rendered by the TaskPage component.</summary>
public sealed record TaskView
{
    public required string Title { get; init; }
    public string? Lead { get; init; }
    public TaskStage Stage { get; init; } = TaskStage.Form;
    public IReadOnlyList<TaskSection> Sections { get; init; } = [];
    public IReadOnlyList<TaskField> Fields { get; init; } = [];
    public string? Alert { get; init; }
    public string? Notice { get; init; }
    public IReadOnlyDictionary<string, string> Hidden { get; init; } = new Dictionary<string, string>();
    public string? FormAction { get; init; }
    public AntiforgeryTokenSet? Antiforgery { get; init; }
    public string SubmitLabel { get; init; } = "Skicka";
    public string? BankIdAppUrl { get; init; }
    public string? BankIdText { get; init; }
    public bool ShowLogout { get; init; }
    public IReadOnlyList<string> Paragraphs { get; init; } = [];
    public IReadOnlyList<(string Href, string Text)> Links { get; init; } = [];
}
