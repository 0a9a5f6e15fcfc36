using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>A person given a task. <see cref="Email"/> (lower case) is the bookmark's recipient and the expected actor.</summary>
public sealed record TaskRecipient(string Email, string Name, Guid? UserId = null)
{
    public static TaskRecipient Of(User user) => new(user.Email, user.Name, user.Id);

    public static TaskRecipient Of(string email, string name) => new(User.NormaliseEmail(email), name);

    /// <summary>A contact person named in a customer application.</summary>
    public static TaskRecipient Of(ContactPerson contact) => Of(contact.Email, contact.Name);
}

/// <summary>What a task e-mail says: a title (also used for reminders and expiry), the subject and what is asked.</summary>
public sealed record TaskMail(string Title, string Subject, IReadOnlyList<string> Paragraphs)
{
    public string LinkText { get; init; } = "Öppna uppgiften";

    /// <summary>False for a task the recipient does from the link alone, without logging in (the signatory, with BankID).</summary>
    public bool RequiresLogin { get; init; } = true;
}

/// <summary>A human step's decision: the outcome followed, and a sentence for the journal.</summary>
public sealed record Decision(string Outcome, string Summary)
{
    /// <summary>Step-specific facts for the journal (order number, invoicing, signing reference...).</summary>
    public System.Text.Json.Nodes.JsonObject? Details { get; init; }

    /// <summary>The BankID or SMS confirmation the step consumed; journalled with the decision.</summary>
    public StepUpProof? Proof { get; init; }
}
