using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// Why a human step has nobody to ask: <see cref="Organisation"/> has nobody with <see cref="Role"/>, said in full by
/// <see cref="Roles"/> (in Swedish, e.g. "Beställare eller Handläggare agent för Journalen"). <see cref="Others"/> are the people on the other side of the order
/// who are told that it waits; <see cref="Action"/>, when set, replaces the standard advice to the administrators.
/// </summary>
public sealed record RoleGap(Organisation Organisation, KundportalRole Role, string Roles)
{
    public IReadOnlyList<TaskRecipient> Others { get; init; } = [];

    public string? Action { get; init; }

    /// <summary>"Rollen Beställare saknas hos Journalsystem AB: Beställning CS1000001 väntar".</summary>
    public string Subject(TaskMail mail) => $"Rollen {Role.SwedishName()} saknas hos {Organisation.Name}: {mail.Title} väntar";

    /// <summary>"Agenten granskar beställningen väntar: Journalsystem AB (556677-8899) har ingen med rollen …".</summary>
    public string Describe(string step) =>
        $"{step} väntar: {Organisation.Name} ({OrganisationNumber.Parse(Organisation.OrganisationNumber)}) har ingen med rollen {Roles}";

    /// <summary>Tells the organisation's Administratör(s), or Ineras Kundservice, which role to assign and where; returns who was told.</summary>
    public async Task<IReadOnlyList<string>> TellAdministratorsAsync(StepScope step, string stepName, TaskMail mail, bool reminder)
    {
        var admins = await RoleWait.AdministratorsAsync(step, Organisation.Id);
        var hasAdministrator = admins.All(a => a.UserId is not null);
        foreach (var admin in admins)
        {
            step.Mail(admin, $"{(reminder ? "Påminnelse: " : "")}{Subject(mail)}", MailText.Body(admin.Name,
            [
                reminder ? "Påminnelse: rollen nedan saknas fortfarande." : null,
                $"Uppgiften \"{stepName}\" i ärendet \"{mail.Title}\" kan inte skickas till någon: {Organisation.Name} har ingen med rollen {Roles}.",
                Action ?? (hasAdministrator
                    ? $"Logga in i Kundportalen och tilldela rollen {Roles} under Användare och roller. Uppgiften skickas då till den som har rollen och ärendet fortsätter av sig självt."
                    : $"{Organisation.Name} har ingen administratör i Kundportalen. Hjälp organisationen att lägga upp en administratör som kan tilldela rollen {Roles} under Användare och roller."),
                $"Om ingen får rollen innan {MailText.Date(step.ExpiresAt ?? step.Now)} avslutas ärendet.",
                hasAdministrator && Action is null ? $"Behöver ni hjälp, kontakta Ineras Kundservice: {step.Options.KundserviceContact}." : null,
            ], step.Options.RolesPageLink(Organisation.OrganisationNumber), "Användare och roller"));
        }
        return [.. admins.Select(a => a.Email)];
    }

    /// <summary>Tells the other parties that the order waits and why.</summary>
    public void TellOthers(StepScope step, string stepName, TaskMail mail)
    {
        foreach (var person in Others)
        {
            step.Mail(person, $"{mail.Title} väntar: {Organisation.Name} saknar rollen {Role.SwedishName()}", MailText.Body(person.Name,
            [
                $"Uppgiften \"{stepName}\" i ärendet \"{mail.Title}\" kan inte göras ännu: {Organisation.Name} har ingen med rollen {Roles}.",
                Action ?? $"Administratören hos {Organisation.Name} har fått besked om vilken roll som behöver tilldelas. Ärendet fortsätter av sig självt när rollen finns, och du behöver inte göra något.",
                Action is null ? $"Har du frågor, kontakta Ineras Kundservice: {step.Options.KundserviceContact}." : null,
            ]));
        }
    }
}
