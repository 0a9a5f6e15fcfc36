using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Model;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>
/// The customer's Attestant attests or cancels the order with BankID or an SMS one-time password (see
/// <see cref="AttestationTask"/>). Version 2 reaches it after the agent attested; version 1 in parallel.
/// </summary>
[Activity("Kundportal", "Beställning", "Kundens attestant attesterar eller avbryter beställningen med BankID eller engångslösenord via SMS. Är attestanten samma person som beställaren krävs ny inloggning.",
    DisplayName = "Kundens attest")]
[FlowNode(Attested, Cancelled, ExpiredOutcome)]
public sealed class CustomerAttestation : AttestationTask
{
    /// <summary>How the journal and the signed text name the attesting party.</summary>
    public const string PartyName = "kundens";

    protected override string Party => PartyName;

    protected override string NoRecipientsHint => "kunden behöver en användare med rollen Attestant.";

    protected override async Task<IReadOnlyList<TaskRecipient>> ResolveRecipientsAsync(StepScope step) =>
        await step.RecipientsWithRoleAsync((await step.OrderAsync()).CustomerOrganisationId, KundportalRole.Attestant);

    protected override async Task<RoleGap?> RoleGapAsync(StepScope step)
    {
        var order = await step.OrderAsync();
        return new RoleGap(await step.CustomerAsync(), KundportalRole.Attestant, "Attestant")
        {
            Others = await PeopleAsync(step, order.OrderedByEmail, order.ReviewedByEmail),
        };
    }

    protected override async Task<TaskMail> ComposeAsync(StepScope step)
    {
        var order = await step.OrderAsync();
        var agent = await step.AgentAsync();
        return AttestationMail(order, $"Beställning {order.CaseNumber} att attestera",
        [
            $"En ny beställning finns att attestera: {await DescribeAsync(step, order)}, beställd av {order.OrderedByName}.",
            order.AgentAttestedAt is null
                ? $"Beställningen hanteras samtidigt av agenten {agent.Name}."
                : $"Agenten {agent.Name} har godkänt och attesterat beställningen.",
            await OrderNotices.LinesAsync(step, order),
            $"Uppstartskostnad: {MailText.Money(order.StartupFee)}{(order.IsAdditionalOrder ? " (tilläggsbeställning)" : "")}.",
        ], "Om du själv lade beställningen behöver du logga ut från Kundportalen och logga in igen innan du attesterar.");
    }

    protected override void Record(Order order, TaskAnswer answer, StepUpProof proof, DateTimeOffset now)
    {
        order.CustomerAttestedByEmail = answer.Actor.Email;
        order.CustomerAttestedAt = now;
        order.CustomerAttestationMethod = proof.Method;
        order.CustomerAttestationReference = proof.Reference;
        order.Status = OrderStatus.CustomerAttested;
    }
}
