using Elsa.Kundportal.Activities.Agreements;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Model;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>
/// An Inera handläggare approves or rejects the application. On approval the contact persons become
/// users with their roles, the agreement is drawn up for signing, the administrator gets login details
/// and the agreement contact is told of the role (the signatory's link comes from <see cref="SignAgreement"/>).
/// </summary>
[Activity("Kundportal", "Kundansökan och avtal", "En Inera handläggare godkänner eller avslår kundansökan. Vid godkännande får administratören inloggningsuppgifter och kontaktpersonen för avtalet information; avtalet skickas för signering.",
    DisplayName = "Inera godkänner kundansökan")]
[FlowNode(Approved, Rejected, ExpiredOutcome)]
public sealed class ApproveApplication : HumanTaskActivity
{
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";

    protected override IReadOnlyList<string> Decisions => [Approved, Rejected];

    protected override string NoRecipientsHint => "ge någon på Inera rollen Inera handläggare.";

    protected override async Task<IReadOnlyList<TaskRecipient>> ResolveRecipientsAsync(StepScope step) =>
        await step.RecipientsWithRoleAsync((await step.IneraAsync()).Id, KundportalRole.IneraCaseOfficer);

    protected override async Task<TaskMail> ComposeAsync(StepScope step)
    {
        var application = await step.ApplicationAsync();
        var who = $"{application.OrganisationName} ({OrganisationNumber.Parse(application.OrganisationNumber)})";
        return new TaskMail($"Kundansökan från {who}", $"Ny kundansökan att granska: {who}",
        [
            $"{who} har skickat in en kundansökan.",
            $"Administratör: {Describe(application.Administrator)}\nFöreträdare/Firmatecknare: {Describe(application.Signatory)}\nKontaktperson för avtalet: {Describe(application.AgreementContact)}",
            "Granska ansökan och godkänn eller avslå den.",
        ]) { LinkText = "Granska ansökan" };
    }

    protected override async Task<Decision> DecideAsync(StepScope step, TaskAnswer answer)
    {
        var application = await step.ApplicationAsync();
        application.DecidedAt = step.Now;
        application.DecidedBy = answer.Actor.Email;
        var admin = TaskRecipient.Of(application.Administrator);
        if (answer.Decision == Rejected)
        {
            application.Status = ApplicationStatus.Rejected;
            application.DecisionReason = answer.Reason;
            step.Mail(admin, $"Kundansökan för {application.OrganisationName} har avslagits", MailText.Body(admin.Name,
            [
                $"Inera har avslagit kundansökan för {application.OrganisationName}.",
                $"Motivering: {answer.Reason}",
                $"Kontakta Ineras Kundservice om du har frågor: {step.Options.KundserviceContact}.",
            ]));
            return new Decision(Rejected, $"Kundansökan för {application.OrganisationName} avslogs av {answer.Actor.Name}: {answer.Reason}");
        }

        application.Status = ApplicationStatus.Approved;
        await GrantContactRolesAsync(step, application, answer.Actor.Email);
        var agreement = new Agreement
        {
            Id = Guid.CreateVersion7(step.Now), OrganisationId = application.OrganisationId, ApplicationId = application.Id,
            Status = AgreementStatus.AwaitingSignature, CreatedAt = step.Now,
            SignatoryName = application.Signatory.Name, SignatoryEmail = application.Signatory.Email,
            SignatoryPersonalNumber = application.SignatoryPersonalNumber,
            TextVersion = CustomerAgreementText.Current.Version,
        };
        step.Db.Agreements.Add(agreement);
        step.SetId(ProcessVariables.AgreementId, agreement.Id);

        step.Mail(admin, "Inloggningsuppgifter till Ineras Kundportal", MailText.Body(admin.Name,
        [
            $"Inera har godkänt kundansökan för {application.OrganisationName}. Du är organisationens administratör i Ineras Kundportal.",
            $"Logga in på {step.Options.PageLink("login")} med e-postadressen {admin.Email} (och BankID). I Kundportalen ser ni avtalet med Inera, " +
            "lägger upp användare och roller och beställer Ineras tjänster.",
            $"Avtalet finns på {step.Options.AgreementPageLink(application.OrganisationNumber)} när det är signerat.",
            "Första gången väljer du lösenord via länken \"Första inloggningen eller glömt lösenordet?\" på inloggningssidan.",
        ]));
        var contact = TaskRecipient.Of(application.AgreementContact);
        step.Mail(contact, $"Du är kontaktperson för kundavtalet mellan {application.OrganisationName} och Inera", MailText.Body(contact.Name,
        [
            $"Du har angetts som kontaktperson för kundavtalet mellan {application.OrganisationName} och Inera.",
            "Som kontaktperson får du information när avtalet ändras. Du kan se avtalet i Kundportalen men inte ändra något.",
            $"Logga in på {step.Options.PageLink("login")} med e-postadressen {contact.Email}; avtalet finns på " +
            $"{step.Options.AgreementPageLink(application.OrganisationNumber)} när det är signerat.",
            "Första gången väljer du lösenord via länken \"Första inloggningen eller glömt lösenordet?\" på inloggningssidan.",
        ]));
        return new Decision(Approved, $"Kundansökan för {application.OrganisationName} godkändes av {answer.Actor.Name}");
    }

    protected override async Task<IReadOnlyList<TaskRecipient>> OnExpiredAsync(StepScope step)
    {
        var application = await step.ApplicationAsync();
        application.Status = ApplicationStatus.Expired;
        return [TaskRecipient.Of(application.Administrator)];
    }

    private static async Task GrantContactRolesAsync(StepScope step, Application application, string actor)
    {
        foreach (var (contact, role) in new[]
        {
            (application.Administrator, KundportalRole.Administrator),
            (application.Signatory, KundportalRole.Signatory),
            (application.AgreementContact, KundportalRole.AgreementContact),
        })
        {
            var user = await UserRegistry.SaveAsync(step.Db, contact.Email, contact.Name, contact.Phone, step.Now, step.CancellationToken);
            await UserRegistry.AssignAsync(step.Db, user, application.OrganisationId, role, null, actor, step.Now, step.CancellationToken);
            // The signatory's personnummer from the application lets the person "Logga in med BankID" later; a number the
            // person already has is kept (the agreement is signed by the application's number either way).
            if (role == KundportalRole.Signatory && user.PersonalNumber is null && application.SignatoryPersonalNumber is { } number
                && !await step.Db.Users.AnyAsync(u => u.PersonalNumber == number && u.Id != user.Id, step.CancellationToken))
                user.PersonalNumber = number;
        }
    }

    private static string Describe(ContactPerson person) => $"{person.Name}, {person.Email}, {person.Phone}";
}
