using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Model;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>
/// The customer's Företrädare/Firmatecknare signs the agreement digitally from the e-mailed link, or declines with a
/// reason. The signatory has no login: either answer is confirmed with BankID by exactly the person the application
/// named (its personnummer), and the step accepts only the proof the host recorded for that. Signing gives the
/// organisation its kundavtal.
/// </summary>
[Activity("Kundportal", "Kundansökan och avtal", "Företrädaren/firmatecknaren signerar kundavtalet digitalt med BankID via länken i mejlet, eller avböjer med motivering.",
    DisplayName = "Firmatecknaren signerar avtalet")]
[FlowNode(Signed, Declined, ExpiredOutcome)]
public sealed class SignAgreement : HumanTaskActivity
{
    public const string Signed = "Signed";
    public const string Declined = "Declined";

    protected override IReadOnlyList<string> Decisions => [Signed, Declined];

    protected override string NoRecipientsHint => "avtalet saknar företrädare/firmatecknare.";

    protected override async Task<IReadOnlyList<TaskRecipient>> ResolveRecipientsAsync(StepScope step)
    {
        var agreement = await step.AgreementAsync();
        return [TaskRecipient.Of(agreement.SignatoryEmail, agreement.SignatoryName)];
    }

    protected override async Task<TaskMail> ComposeAsync(StepScope step)
    {
        var customer = await step.CustomerAsync();
        return new TaskMail($"Kundavtal mellan {customer.Name} och Inera", $"Signera kundavtalet mellan {customer.Name} och Inera",
        [
            $"Du har angetts som företrädare/firmatecknare för {customer.DisplayName} i kundansökan till Inera, som nu är godkänd.",
            "Läs avtalet och signera det digitalt med BankID via länken. Du behöver inget lösenord eller konto i Kundportalen. " +
            "Vill du inte signera kan du avböja och ange varför; även det bekräftar du med BankID.",
        ]) { LinkText = "Läs och signera avtalet", RequiresLogin = false };
    }

    protected override async Task<Decision> DecideAsync(StepScope step, TaskAnswer answer)
    {
        var agreement = await step.AgreementAsync();
        var application = await step.ApplicationAsync();
        var customer = await step.CustomerAsync();
        var informed = new[]
        {
            TaskRecipient.Of(application.Administrator),
            TaskRecipient.Of(application.AgreementContact),
        }.DistinctBy(r => r.Email);

        var errors = new InputErrors();
        var document = SignedDocument.ForAgreement(agreement, application, customer.Name, answer.Decision!, answer.Reason);
        var proof = await StepUp.ConsumeProofAsync(step, answer, document, agreement.SignatoryPersonalNumber, errors, StepUpProof.BankId);
        errors.ThrowIfAny(step.Context);

        if (answer.Decision == Declined)
        {
            agreement.Status = AgreementStatus.Declined;
            agreement.DeclinedAt = step.Now;
            agreement.DeclineReason = answer.Reason;
            var told = application.DecidedBy is { } officer ? informed.Append(TaskRecipient.Of(officer, officer)) : informed;
            foreach (var person in told.DistinctBy(r => r.Email))
            {
                step.Mail(person, $"Kundavtalet för {customer.Name} signerades inte", MailText.Body(person.Name,
                [
                    $"{answer.Actor.Name} har avböjt att signera kundavtalet mellan {customer.Name} och Inera.",
                    $"Motivering: {answer.Reason}",
                    $"Ärendet är avslutat. Kontakta Ineras Kundservice om ni vill ansöka igen: {step.Options.KundserviceContact}.",
                ]));
            }
            return new Decision(Declined, $"Kundavtalet för {customer.Name} avböjdes av {answer.Actor.Name} (BankID): {answer.Reason}") { Proof = proof };
        }

        agreement.Status = AgreementStatus.Signed;
        agreement.SignedAt = step.Now;
        agreement.SignedBy = answer.Actor.Email;
        agreement.SigningMethod = proof!.Method;
        agreement.SigningReference = proof.Reference;
        agreement.SignedDocumentHash = proof.DocumentHash;
        var text = SignedDocument.TextOf(agreement);
        agreement.TextVersion = text.Version;
        agreement.TextSha256 = text.Sha256;
        customer.HasCustomerAgreement = true;
        foreach (var person in informed)
        {
            step.Mail(person, $"Kundavtalet mellan {customer.Name} och Inera är signerat", MailText.Body(person.Name,
            [
                $"{answer.Actor.Name} har signerat kundavtalet mellan {customer.Name} och Inera med BankID {MailText.Date(step.Now)}.",
                $"Avtalet, med version och kontrollsumma, finns i Kundportalen att läsa och ladda ner som PDF: {step.Options.AgreementPageLink(customer.OrganisationNumber)}",
                "Nästa steg: administratören loggar in i Kundportalen och kontrollerar att rätt roller är upplagda (Beställare och Attestant).",
            ]));
        }
        return new Decision(Signed, $"Kundavtalet för {customer.Name} signerades av {answer.Actor.Name} med BankID")
        {
            Details = new JsonObject { ["agreementId"] = agreement.Id },
            Proof = proof,
        };
    }

    protected override async Task<IReadOnlyList<TaskRecipient>> OnExpiredAsync(StepScope step)
    {
        (await step.AgreementAsync()).Status = AgreementStatus.Expired;
        var application = await step.ApplicationAsync();
        return [TaskRecipient.Of(application.Administrator)];
    }
}
