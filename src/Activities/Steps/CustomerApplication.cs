using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>
/// Receives the start form (<see cref="AgentOrderStart"/>): registers the customer and, when it has no
/// kundavtal, its application. An organisation with a kundavtal skips application, approval and signing.
/// </summary>
[Activity("Kundportal", "Kundansökan och avtal", "Tar emot kundansökan. Har organisationen redan kundavtal med Inera hoppar processen över ansökan, godkännande och signering (AgreementExists).",
    DisplayName = "Kundansökan")]
[FlowNode(Submitted, AgreementExists)]
public sealed class CustomerApplication : Activity
{
    public const string Submitted = "Submitted";
    public const string AgreementExists = "AgreementExists";

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        await using var step = StepScope.Open(context);
        var start = AgentOrderStart.FromJson(context.Input);
        var (errors, customer, agent) = await start.CheckAsync(step.Db, applicationOnly: false, context.CancellationToken);
        if (errors.HasErrors)
            throw new InvalidOperationException($"The start input is invalid (start through AgentOrderProcess, which checks it first): {errors.Summary}");

        var number = OrganisationNumber.Parse(start.OrganisationNumber);
        if (customer is null)
        {
            customer = new Organisation { Id = Guid.CreateVersion7(step.Now), OrganisationNumber = number.Digits, Name = start.Application!.OrganisationName!.Trim(), Kind = OrganisationKind.Customer, CreatedAt = step.Now };
            step.Db.Organisations.Add(customer);
        }
        context.CorrelationId = number.Digits;
        step.SetId(ProcessVariables.CustomerOrganisationId, customer.Id);
        step.SetId(ProcessVariables.AgentOrganisationId, agent!.Id);

        if (customer.HasCustomerAgreement)
        {
            context.Journal($"{customer.Name} ({number}) har redan kundavtal med Inera: ansökan, godkännande och signering hoppas över.",
                new JsonObject { ["organisationNumber"] = number.Digits, ["agent"] = agent.OrganisationNumber }, kind: KundportalJournalKinds.Notice);
            context.Complete(AgreementExists);
        }
        else
        {
            var application = Register(step, customer, agent, start.Application!);
            context.Journal($"Kundansökan från {customer.Name} ({number}) mottagen",
                new JsonObject { ["applicationId"] = application.Id, ["organisationNumber"] = number.Digits, ["agent"] = agent.OrganisationNumber }, kind: KundportalJournalKinds.Notice);
            context.Complete(Submitted);
        }
        await step.SaveAsync();
    }

    private static Application Register(StepScope step, Organisation customer, Organisation agent, ApplicationForm form)
    {
        var application = new Application
        {
            Id = Guid.CreateVersion7(step.Now),
            OrganisationId = customer.Id,
            OrganisationNumber = customer.OrganisationNumber,
            OrganisationName = form.OrganisationName!.Trim(),
            AgentOrganisationId = agent.Id,
            Administrator = form.Administrator.ToContact(),
            Signatory = form.Signatory.ToContact(),
            SignatoryPersonalNumber = PersonalNumber.Parse(form.Signatory.PersonalNumber).Digits,
            AgreementContact = form.AgreementContact.ToContact(),
            Status = ApplicationStatus.Submitted,
            SubmittedAt = step.Now,
            SubmittedBy = step.Context.Actor,
            WorkflowInstanceId = step.Context.WorkflowInstanceId,
        };
        step.Db.Applications.Add(application);
        step.SetId(ProcessVariables.ApplicationId, application.Id);
        var admin = TaskRecipient.Of(application.Administrator);
        step.Mail(admin, $"Vi har tagit emot er kundansökan för {application.OrganisationName}", MailText.Body(admin.Name,
        [
            $"Inera har tagit emot kundansökan för {application.OrganisationName} ({OrganisationNumber.Parse(application.OrganisationNumber)}).",
            "När Inera har godkänt ansökan får kontaktpersonerna var sitt mejl: du som administratör får inloggningsuppgifter till Kundportalen, " +
            "företrädaren/firmatecknaren en länk till avtalet och kontaktpersonen för avtalet information om sin roll.",
        ]));
        return application;
    }
}
