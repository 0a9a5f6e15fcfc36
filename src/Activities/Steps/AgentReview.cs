using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Model;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>
/// The agent's Beställare (and Handläggare agent for the service) reviews the order: "Gå vidare" (Proceed)
/// with accepted terms, invoicing and the Attestant who is to attest, or "Avslå" (Rejected) with a reason.
/// Proceed fields: <c>{ "termsAccepted": true, "invoicing": { "organisationNumber", "reference", "address" }, "attestantEmail": "…" }</c>.
/// </summary>
[Activity("Kundportal", "Beställning", "Agentens beställare granskar beställningen och väljer Gå vidare (godkänner villkoren, anger fakturerings- och attestinformation) eller Avslå med motivering.",
    DisplayName = "Agenten granskar beställningen")]
[FlowNode(Proceed, Rejected, ExpiredOutcome)]
public sealed class AgentReview : OrderTaskActivity
{
    public const string Proceed = "Proceed";
    public const string Rejected = "Rejected";

    protected override IReadOnlyList<string> Decisions => [Proceed, Rejected];

    protected override string NoRecipientsHint => "agenten behöver en Beställare eller en Handläggare agent för tjänsten.";

    protected override async Task<IReadOnlyList<TaskRecipient>> ResolveRecipientsAsync(StepScope step)
    {
        var order = await step.OrderAsync();
        var orderers = await step.UsersWithRoleAsync(order.AgentOrganisationId, KundportalRole.Orderer);
        var officers = await step.UsersWithRoleAsync(order.AgentOrganisationId, KundportalRole.AgentCaseOfficer, order.ServiceCode);
        return [.. orderers.Concat(officers).DistinctBy(u => u.Id).OrderBy(u => u.Email).Select(TaskRecipient.Of)];
    }

    protected override async Task<RoleGap?> RoleGapAsync(StepScope step)
    {
        var order = await step.OrderAsync();
        var service = await step.ServiceAsync(order.ServiceCode);
        return new RoleGap(await step.AgentAsync(), KundportalRole.Orderer, $"Beställare eller Handläggare agent för {service.Name}")
        {
            Others = await PeopleAsync(step, order.OrderedByEmail),
        };
    }

    protected override async Task<TaskMail> ComposeAsync(StepScope step)
    {
        var order = await step.OrderAsync();
        return new TaskMail($"Beställning {order.CaseNumber}", $"Ny beställning att hantera: {order.CaseNumber}",
        [
            $"En ny beställning finns att hantera under Agentuppdrag → Hantera beställningar: {await DescribeAsync(step, order)}, beställd av {order.OrderedByName}.",
            await OrderNotices.LinesAsync(step, order),
            "Kontrollera hela beställningen och välj Gå vidare eller Avslå. För att gå vidare godkänner du villkoren och fyller i fakturerings- och attestinformation.",
        ]) { LinkText = "Hantera beställningen" };
    }

    protected override async Task<Decision> DecideAsync(StepScope step, TaskAnswer answer)
    {
        var order = await step.OrderAsync();
        if (answer.Decision == Rejected)
        {
            order.Close(OrderStatus.Rejected, step.Now, answer.Actor.Email, answer.Reason);
            await OrderNotices.SendClosedAsync(step, order, "avslagits", answer.Actor, answer.Reason);
            return new Decision(Rejected, $"Beställning {order.CaseNumber} avslogs hos agenten av {answer.Actor.Name}: {answer.Reason}")
            {
                Details = new JsonObject { ["caseNumber"] = order.CaseNumber },
            };
        }

        var errors = new InputErrors();
        if (!answer.IsTrue("termsAccepted"))
            errors.Add("termsAccepted", "Läs igenom och godkänn villkoren för att gå vidare.");
        var invoicing = answer["invoicing"] as JsonObject;
        if (!OrganisationNumber.TryParse(TaskAnswer.TextOf(invoicing?["organisationNumber"]), out var invoiceNumber, out var numberError))
            errors.Add("invoicing.organisationNumber", numberError);
        var reference = TaskAnswer.TextOf(invoicing?["reference"]);
        if (reference is null)
            errors.Add("invoicing.reference", "Ange fakturareferens.");
        errors.CheckLength("invoicing.reference", reference, FieldLimits.InvoiceReference, "Fakturareferensen");
        var address = TaskAnswer.TextOf(invoicing?["address"]);
        if (address is null)
            errors.Add("invoicing.address", "Ange fakturaadress.");
        errors.CheckLength("invoicing.address", address, FieldLimits.InvoiceAddress, "Fakturaadressen");
        var attestant = await AttestantAsync(step, order, answer.Text("attestantEmail"), errors);
        errors.ThrowIfAny(step.Context);

        order.ReviewedByEmail = answer.Actor.Email;
        order.ReviewedAt = step.Now;
        order.AgentTermsAcceptedAt = step.Now;
        order.InvoiceOrganisationNumber = invoiceNumber.Digits;
        order.InvoiceReference = reference;
        order.InvoiceAddress = address;
        order.AgentAttestantEmail = attestant!.Email;
        if (order.Status == OrderStatus.Placed)
            order.Status = OrderStatus.AgentReviewed;
        return new Decision(Proceed, $"Beställning {order.CaseNumber} granskades hos agenten av {answer.Actor.Name}: gå vidare, attesteras av {attestant.Name}")
        {
            Details = new JsonObject
            {
                ["caseNumber"] = order.CaseNumber,
                ["attestant"] = attestant.Email,
                ["invoicing"] = new JsonObject { ["organisationNumber"] = invoiceNumber.Digits, ["reference"] = reference, ["address"] = address },
            },
        };
    }

    private static async Task<User?> AttestantAsync(StepScope step, Order order, string? email, InputErrors errors)
    {
        if (email is null)
        {
            errors.Add("attestantEmail", "Välj vem av agentens attestanter som ska attestera beställningen.");
            return null;
        }
        var normalised = User.NormaliseEmail(email);
        var attestant = await step.Db.UsersWithRole(order.AgentOrganisationId, KundportalRole.Attestant).FirstOrDefaultAsync(u => u.Email == normalised, step.CancellationToken);
        if (attestant is null)
            errors.Add("attestantEmail", $"{email} är inte attestant hos agenten. Välj en av agentens attestanter.");
        return attestant;
    }
}
