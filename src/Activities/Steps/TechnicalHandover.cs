using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>Completes the order and tells the agent it can start the technical connection; the customer's Beställare gets word too.</summary>
[Activity("Kundportal", "Beställning", "Inera informerar agenten att den kan påbörja teknisk anslutning av kunden till tjänsten; beställningen är klar.",
    DisplayName = "Teknisk anslutning")]
public sealed class TechnicalHandover : CodeActivity
{
    protected override async ValueTask ExecuteCodeAsync(ActivityExecutionContext context)
    {
        await using var step = StepScope.Open(context);
        var order = await step.OrderAsync();
        var customer = await step.CustomerAsync();
        var agent = await step.AgentAsync();
        var service = await step.ServiceAsync(order.ServiceCode);
        order.Close(OrderStatus.Completed, step.Now, null, null);

        var agentPeople = (await step.RecipientsWithRoleAsync(agent.Id, KundportalRole.AgentCaseOfficer, order.ServiceCode))
            .Concat(order.ReviewedByEmail is { } reviewer ? [await ReviewerAsync(step, reviewer)] : [])
            .DistinctBy(r => r.Email).ToList();
        foreach (var person in agentPeople)
        {
            step.Mail(person, $"Påbörja teknisk anslutning: {customer.Name} till {service.Name} ({order.CaseNumber})", MailText.Body(person.Name,
            [
                $"Beställning {order.CaseNumber} är godkänd och attesterad av både {agent.Name} och {customer.Name}.",
                $"Ni kan nu påbörja den tekniska anslutningen av {customer.DisplayName} till {service.Name}.",
                await OrderNotices.LinesAsync(step, order),
            ]));
        }
        var orderer = TaskRecipient.Of(order.OrderedByEmail, order.OrderedByName);
        step.Mail(orderer, $"Beställning {order.CaseNumber} är klar", MailText.Body(orderer.Name,
        [
            $"Beställningen {order.CaseNumber} av {service.Name} är godkänd och attesterad. Inera har bett agenten {agent.Name} att påbörja den tekniska anslutningen.",
        ]));
        context.Journal($"Agenten {agent.Name} informerad om teknisk anslutning för beställning {order.CaseNumber}",
            new JsonObject { ["caseNumber"] = order.CaseNumber, ["told"] = new JsonArray([.. agentPeople.Select(p => JsonValue.Create(p.Email))]) },
            kind: KundportalJournalKinds.Notice);
        await step.SaveAsync();
    }

    // The agent's Beställare who reviewed the order, by name (the address alone if the account is gone).
    private static async Task<TaskRecipient> ReviewerAsync(StepScope step, string email) =>
        await step.Db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, step.CancellationToken) is { } user
            ? TaskRecipient.Of(user) : TaskRecipient.Of(email, email);
}
