using Microsoft.AspNetCore.Antiforgery;

namespace Elsa.Kundportal.Host.Tasks;

public enum FieldKind
{
    Text,
    TextArea,
    Checkbox,
    Select,
    Radio,
    /// <summary>A submit button (<c>name="action"</c>, the field's <see cref="TaskField.Value"/>) that redraws the form instead of answering.</summary>
    Action,
}

/// <summary>The options of a select under one heading (an <c>optgroup</c>).</summary>
public sealed record TaskOptionGroup(string Label, IReadOnlyList<(string Value, string Label)> Options);

/// <summary>A text shown in the form before a field: a heading, label–value rows and paragraphs or list items.</summary>
public sealed record TaskText(string Heading)
{
    public IReadOnlyList<(string Label, string Value)> Rows { get; init; } = [];
    public IReadOnlyList<Activities.Agreements.AgreementBlock> Blocks { get; init; } = [];
}

/// <summary>A form field of a task page; <see cref="Name"/> is the JSON path of the resume input it fills.</summary>
public sealed record TaskField(string Name, string Label, FieldKind Kind)
{
    public string? Value { get; init; }
    public string? Error { get; init; }
    public string? Hint { get; init; }
    public IReadOnlyList<(string Value, string Label)> Options { get; init; } = [];
    /// <summary>Options by heading, shown after <see cref="Options"/>.</summary>
    public IReadOnlyList<TaskOptionGroup> OptionGroups { get; init; } = [];
    /// <summary>Texts shown before the field, e.g. the terms before the box that accepts them.</summary>
    public IReadOnlyList<TaskText> Before { get; init; } = [];
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
    /// <summary>The whole kundavtal text the person is asked to sign, shown before the form.</summary>
    public Activities.Agreements.CustomerAgreementText? AgreementText { get; init; }
    public IReadOnlyList<TaskField> Fields { get; init; } = [];
    public string? Alert { get; init; }
    public string? Notice { get; init; }
    public IReadOnlyDictionary<string, string> Hidden { get; init; } = new Dictionary<string, string>();
    public string? FormAction { get; init; }
    public AntiforgeryTokenSet? Antiforgery { get; init; }
    public string SubmitLabel { get; init; } = "Skicka";
    /// <summary>Where the form has other buttons: the action Enter in a field takes (an unseen first button), so it never removes a row.</summary>
    public string? DefaultAction { get; init; }
    /// <summary>Buttons that redraw the form, shown before the submit button.</summary>
    public IReadOnlyList<(string Action, string Label)> Actions { get; init; } = [];
    /// <summary>The BankID stage: shown instead of the form while a BankID order runs.</summary>
    public BankIdPanel? BankId { get; init; }
    public bool ShowLogout { get; init; }
    public IReadOnlyList<string> Paragraphs { get; init; } = [];
    public IReadOnlyList<(string Href, string Text)> Links { get; init; } = [];
}

/// <summary>
/// A running BankID order on a page: what is signed, BankID's message for its state, the two ways to start the app
/// ("Öppna BankID på den här enheten" and the animated QR code for "BankID på annan enhet"), where the page's script asks
/// for the state, and the form whose buttons collect, switch to SMS (where the step allows it) or cancel.
/// </summary>
public sealed record BankIdPanel(string Heading, string Text, string Message, string AutoStartUrl, string QrUrl, string StatusUrl, string FormAction)
{
    public bool OfferSms { get; init; }
    /// <summary>The development simulator's app page, when the simulator stands in for BankID.</summary>
    public string? SimulatorUrl { get; init; }
    public string CollectLabel { get; init; } = "Jag har skrivit under i BankID-appen";
}
