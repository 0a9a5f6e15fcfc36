using System.Reflection;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// The one mechanism behind every human step. It resolves the recipients (by role and organisation),
/// gives each a personal link (a token bookmark addressed to the person's e-mail, valid until the
/// step expires) and e-mails it with what is asked; reminders send a fresh link, expiry tells
/// everyone concerned. An answer is accepted only from a current recipient, with one of the step's
/// decisions and a reason for a negative one; the step then validates its own fields
/// (<see cref="DecideAsync"/>, refusing with per-field messages) and the decision is journalled:
/// who, when, how and why. Completing withdraws every other link and timer of the step.
/// When nobody holds the role the step needs (<see cref="RoleGapAsync"/>), it tells the organisation's administrators which
/// role to assign and where, tells the other party that the order waits, and waits for "roles changed" of that organisation
/// (<see cref="RoleWait"/>); the links go out once someone holds the role.
/// </summary>
public abstract class HumanTaskActivity : WaitingActivity
{
    public const string TaskBookmark = "Kundportal.Task";
    private const string RecipientsProperty = "recipients";
    private const string WaitingForRoleProperty = "waitingForRole";

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["Approved"] = "Godkänn",
        ["Rejected"] = "Avslå",
        ["Signed"] = "Signera",
        ["Declined"] = "Avböj",
        ["Proceed"] = "Gå vidare",
        ["Attested"] = "Attestera",
        ["Cancelled"] = "Avbryt",
        ["Placed"] = "Skicka beställningen",
    };

    /// <summary>The decisions a person can make (the step's outcomes other than Expired).</summary>
    protected abstract IReadOnlyList<string> Decisions { get; }

    /// <summary>Decisions that need a reason: rejecting, declining, cancelling.</summary>
    protected virtual bool NeedsReason(string decision) => decision is "Rejected" or "Declined" or "Cancelled";

    protected abstract Task<IReadOnlyList<TaskRecipient>> ResolveRecipientsAsync(StepScope step);

    protected abstract Task<TaskMail> ComposeAsync(StepScope step);

    /// <summary>Validates the answer's fields (refusing through <see cref="InputErrors"/>), writes the domain and says the outcome.</summary>
    protected abstract Task<Decision> DecideAsync(StepScope step, TaskAnswer answer);

    /// <summary>Called once the links are issued (e.g. to remember the order's participants).</summary>
    protected virtual Task OnTasksIssuedAsync(StepScope step, IReadOnlyList<TaskRecipient> recipients) => Task.CompletedTask;

    /// <summary>Records the expiry in the domain; returns who else must be told besides the recipients.</summary>
    protected virtual Task<IReadOnlyList<TaskRecipient>> OnExpiredAsync(StepScope step) => Task.FromResult<IReadOnlyList<TaskRecipient>>([]);

    protected override async Task BeginAsync(StepScope step)
    {
        var recipients = await ResolveRecipientsAsync(step);
        if (recipients.Count == 0)
            await WaitForRoleAsync(step);
        else
            await IssueAsync(step, recipients);
    }

    /// <summary>Said in the incident when no recipient is found and the step has no <see cref="RoleGapAsync"/> to wait on.</summary>
    protected abstract string NoRecipientsHint { get; }

    /// <summary>Which organisation lacks which role when nobody can be asked; null when assigning a role cannot help (an incident).</summary>
    protected virtual Task<RoleGap?> RoleGapAsync(StepScope step) => Task.FromResult<RoleGap?>(null);

    /// <summary>
    /// Whether the step also watches the roles while its links are out: when the people asked lose the role (e.g. the named
    /// attestant), it tells as <see cref="RoleGapAsync"/> says and waits for the role instead of expiring unheard.
    /// </summary>
    protected virtual bool WatchesRoles => false;

    private async Task IssueAsync(StepScope step, IReadOnlyList<TaskRecipient> recipients)
    {
        step.Context.SetProperty(RecipientsProperty, recipients);
        var mail = await ComposeAsync(step);
        foreach (var recipient in recipients)
            IssueLink(step, recipient, mail, reminder: 0);
        await OnTasksIssuedAsync(step, recipients);
        await WatchAsync(step);
    }

    private async Task WatchAsync(StepScope step)
    {
        if (WatchesRoles && await RoleGapAsync(step) is { } watched)
            RoleWait.ForRolesChanged(step, watched.Organisation.OrganisationNumber);
    }

    // What people call the step: its text in the designer, else the activity's display name.
    private string StepName(StepScope step) =>
        (step.Context.Node.Json["metadata"]?["displayText"] as JsonValue)?.TryGetValue<string>(out var text) == true && !string.IsNullOrWhiteSpace(text)
            ? text
            : GetType().GetCustomAttribute<ActivityAttribute>()?.DisplayName ?? step.Context.Node.DisplayLabel;

    private async Task WaitForRoleAsync(StepScope step)
    {
        var label = StepName(step);
        var gap = await RoleGapAsync(step) ?? throw new InvalidOperationException($"'{label}' has nobody to ask: {NoRecipientsHint}");
        RoleWait.ForRolesChanged(step, gap.Organisation.OrganisationNumber);
        step.Context.SetProperty(WaitingForRoleProperty, gap.Organisation.OrganisationNumber);
        var mail = await ComposeAsync(step);
        var told = await gap.TellAdministratorsAsync(step, label, mail, reminder: false);
        gap.TellOthers(step, label, mail);
        step.Context.Journal(gap.Describe(label), new JsonObject
        {
            ["organisationNumber"] = gap.Organisation.OrganisationNumber,
            ["organisation"] = gap.Organisation.Name,
            ["role"] = gap.Role.SwedishName(),
            ["roles"] = gap.Roles,
            ["told"] = Array(told.Concat(gap.Others.Select(o => o.Email))),
        }, kind: KundportalJournalKinds.Notice);
    }

    // "Roles changed" for the organisation the step waits on: the engine burned that bookmark, so wait again or issue the links.
    private async Task RolesChangedAsync(StepScope step)
    {
        var recipients = await ResolveRecipientsAsync(step);
        if (!WaitingForRole(step))
        {
            // Watching while the links are out: wait on if the people asked still hold the role, else say so and wait for it.
            if (recipients.Count == 0)
                await WaitForRoleAsync(step);
            else
                await WatchAsync(step);
            return;
        }
        if (recipients.Count == 0)
        {
            var gap = await RoleGapAsync(step) ?? throw new InvalidOperationException($"'{StepName(step)}' has nobody to ask: {NoRecipientsHint}");
            RoleWait.ForRolesChanged(step, gap.Organisation.OrganisationNumber);
            step.Context.SetProperty(WaitingForRoleProperty, gap.Organisation.OrganisationNumber);
            step.Context.Journal($"Rollen saknas fortfarande: {gap.Describe(StepName(step))}", kind: KundportalJournalKinds.Notice);
            return;
        }
        var organisation = await step.Db.Organisations.AsNoTracking().Where(o => o.OrganisationNumber == step.Context.GetProperty<string>(WaitingForRoleProperty))
            .Select(o => o.Name).FirstOrDefaultAsync(step.CancellationToken);
        step.Context.SetProperty(WaitingForRoleProperty, null);
        step.Context.Journal($"Rollen finns nu hos {organisation}: uppgiften skickas till {string.Join(", ", recipients.Select(r => r.Email))}",
            new JsonObject { ["changedBy"] = step.Context.Actor, ["recipients"] = Array(recipients.Select(r => r.Email)) }, kind: KundportalJournalKinds.Notice);
        await IssueAsync(step, recipients);
    }

    private static bool WaitingForRole(StepScope step) => step.Context.GetProperty<string>(WaitingForRoleProperty) is not null;

    protected override async Task<IReadOnlyList<string>> RemindAsync(StepScope step, int number)
    {
        if (WaitingForRole(step) && await RoleGapAsync(step) is { } gap)
            return await gap.TellAdministratorsAsync(step, StepName(step), await ComposeAsync(step), reminder: true);
        var recipients = Recipients(step);
        var mail = await ComposeAsync(step);
        foreach (var recipient in recipients)
            IssueLink(step, recipient, mail, number);
        return [.. recipients.Select(r => r.Email)];
    }

    protected override async Task<IReadOnlyList<string>> ExpireAsync(StepScope step)
    {
        var mail = await ComposeAsync(step);
        var others = await OnExpiredAsync(step);
        var administrators = WaitingForRole(step) && await RoleGapAsync(step) is { } gap ? await RoleWait.AdministratorsAsync(step, gap.Organisation.Id) : [];
        var told = Recipients(step).Concat(others).Concat(administrators).DistinctBy(r => r.Email).ToList();
        foreach (var person in told)
        {
            step.Mail(person, $"Tiden har gått ut: {mail.Title}", MailText.Body(person.Name,
            [
                $"Ingen hanterade uppgiften \"{mail.Title}\" innan den gick ut {MailText.Date(step.Now)}, så ärendet har avslutats.",
                $"Länkarna i tidigare mejl gäller inte längre. Kontakta Ineras Kundservice om ni vill börja om: {step.Options.KundserviceContact}.",
            ]));
        }
        return [.. told.Select(r => r.Email)];
    }

    protected override async Task ContinueAsync(StepScope step)
    {
        if (RoleWait.ResumedByRolesChanged(step))
        {
            await RolesChangedAsync(step);
            return;
        }
        var context = step.Context;
        var actor = User.NormaliseEmail(context.Actor ?? "");
        var current = await ResolveRecipientsAsync(step);
        var person = current.FirstOrDefault(r => r.Email == actor);
        if (person is null)
        {
            const string notAllowed = "Du har inte längre behörighet att hantera den här uppgiften. Kontakta din organisations administratör.";
            context.RejectInput(notAllowed, new Dictionary<string, string> { ["actor"] = notAllowed });
        }

        var answer = new TaskAnswer(context.ResumeInput, person);
        answer.Decision ??= Decisions.Count == 1 ? Decisions[0] : null;
        var errors = new InputErrors();
        if (answer.Decision is null || !Decisions.Contains(answer.Decision))
            errors.Add("decision", $"Välj {KundportalRoles.JoinWords([.. Decisions.Select(d => $"{Labels.GetValueOrDefault(d, d)} ({d})")], "eller")}.");
        else if (NeedsReason(answer.Decision) && answer.Reason is null)
            errors.Add("reason", $"Ange en motivering till \"{Labels.GetValueOrDefault(answer.Decision, answer.Decision)}\".");
        errors.ThrowIfAny(context);

        var decision = await DecideAsync(step, answer);
        var proof = decision.Proof;
        var data = new JsonObject
        {
            ["decision"] = decision.Outcome,
            ["actor"] = person.Email,
            ["actorName"] = person.Name,
            ["actedAt"] = step.Now,
            ["method"] = proof?.Method ?? "Personlig länk",
            ["reference"] = proof?.Reference,
            ["verifiedAt"] = proof?.VerifiedAt,
            ["sessionStartedAt"] = proof?.SessionStartedAt,
            ["documentHash"] = proof?.DocumentHash,
            ["reason"] = answer.Reason,
        };
        // BankID's completion data (user, device, signature, OCSP response) is the proof of the signature: keep it with the decision.
        if (proof?.Completion is { } completion)
            data["bankIdCompletion"] = JsonNode.Parse(completion);
        foreach (var (key, value) in decision.Details ?? [])
            data[key] = value?.DeepClone();
        context.Journal(decision.Summary, data, person.Email, decision.Outcome, KundportalJournalKinds.Decision);
        context.Complete(decision.Outcome);
    }

    /// <summary>Operations replaced someone's link (e.g. the mail bounced or was lost): send the new one.</summary>
    public override async ValueTask ReissuedAsync(ActivityExecutionContext context, BookmarkRecord previous, CreatedBookmark replacement)
    {
        if (previous.Name != TaskBookmark || replacement.Token is null)
            return;
        await using var step = StepScope.Open(context);
        step.ExpiresAt = context.GetProperty<DateTimeOffset?>(ExpiresAtProperty);
        var email = previous.Recipient ?? "";
        var recipient = Recipients(step).FirstOrDefault(r => r.Email == email) ?? new TaskRecipient(email, email);
        var mail = await ComposeAsync(step);
        step.Mail(recipient, $"Ny länk: {mail.Subject}", MailText.Body(recipient.Name,
            ["Här är en ny personlig länk till uppgiften nedan. Den tidigare länken gäller inte längre.", .. mail.Paragraphs],
            step.Options.TaskLink(replacement.Token), mail.LinkText, step.ExpiresAt, mail.RequiresLogin));
    }

    /// <summary>The people the step's links went to.</summary>
    protected static IReadOnlyList<TaskRecipient> Recipients(StepScope step) => step.Context.GetProperty<TaskRecipient[]>(RecipientsProperty) ?? [];

    private static void IssueLink(StepScope step, TaskRecipient recipient, TaskMail mail, int reminder)
    {
        var link = step.Context.CreateBookmark(new BookmarkOptions
        {
            Name = TaskBookmark,
            Payload = new JsonObject { ["activityId"] = step.Context.ActivityId, ["recipient"] = recipient.Email },
            IssueToken = true,
            Recipient = recipient.Email,
            ExpiresAt = step.ExpiresAt,
            Metadata = new JsonObject { ["recipient"] = recipient.Email, ["name"] = recipient.Name, ["reminder"] = reminder },
        });
        IEnumerable<string> paragraphs = reminder == 0
            ? mail.Paragraphs
            : [$"Påminnelse: uppgiften nedan väntar fortfarande på dig. Här är en ny personlig länk.", .. mail.Paragraphs];
        step.Mail(recipient, reminder == 0 ? mail.Subject : $"Påminnelse: {mail.Subject}",
            MailText.Body(recipient.Name, paragraphs, step.Options.TaskLink(link.Token!), mail.LinkText, step.ExpiresAt, mail.RequiresLogin));
    }
}
