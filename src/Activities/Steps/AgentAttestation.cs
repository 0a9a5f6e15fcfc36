using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Model;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>
/// The Attestant the agent named at review, and only that person, attests or cancels the order with
/// BankID or an SMS one-time password (see <see cref="AttestationTask"/> for the answer and the same-person rule).
/// </summary>
[Activity("Kundportal", "Beställning", "Agentens attestant (den som angavs vid granskningen) attesterar eller avbryter beställningen med BankID eller engångslösenord via SMS. Har attestanten själv hanterat beställningen som beställare krävs ny inloggning.",
    DisplayName = "Agentens attest")]
[FlowNode(Attested, Cancelled, ExpiredOutcome)]
public sealed class AgentAttestation : AttestationTask
{
    /// <summary>How the journal and the signed text name the attesting party.</summary>
    public const string PartyName = "agentens";

    protected override string Party => PartyName;

    protected override string NoRecipientsHint => "attestanten som agenten angav vid granskningen har inte längre rollen Attestant hos agenten.";

    protected override async Task<IReadOnlyList<TaskRecipient>> ResolveRecipientsAsync(StepScope step)
    {
        var order = await step.OrderAsync();
        var named = order.AgentAttestantEmail
            ?? throw new InvalidOperationException($"Order {order.CaseNumber} has no agent attestant: AgentReview must proceed before AgentAttestation.");
        var attestants = await step.RecipientsWithRoleAsync(order.AgentOrganisationId, KundportalRole.Attestant);
        return [.. attestants.Where(a => a.Email == named)];
    }

    protected override bool WatchesRoles => true;

    // The named attestant lost the role (or left): the agent's Administratör and the reviewer are told what to do.
    protected override async Task<RoleGap?> RoleGapAsync(StepScope step)
    {
        var order = await step.OrderAsync();
        var named = order.AgentAttestantEmail;
        if (named is null)
            return null;
        return new RoleGap(await step.AgentAsync(), KundportalRole.Attestant, $"Attestant ({named}, som angavs vid granskningen)")
        {
            Others = await PeopleAsync(step, order.ReviewedByEmail),
            Action = $"Ge {named} rollen Attestant igen under Användare och roller, så skickas attesten till {named} och ärendet fortsätter av sig självt. " +
                $"Ska någon annan attestera, kontakta Ineras Kundservice ({step.Options.KundserviceContact}): ärendet kan då avslutas och beställningen göras om med en annan attestant.",
        };
    }

    protected override async Task<TaskMail> ComposeAsync(StepScope step)
    {
        var order = await step.OrderAsync();
        var agent = await step.AgentAsync();
        return AttestationMail(order, $"Beställning {order.CaseNumber} att attestera för {agent.Name}",
        [
            $"En ny beställning finns att attestera: {await DescribeAsync(step, order)}. Den har granskats hos {agent.Name}, som angav dig som attestant.",
            await OrderNotices.LinesAsync(step, order),
        ], "Om du själv har hanterat beställningen som beställare behöver du logga ut från Kundportalen och logga in igen innan du attesterar.");
    }

    protected override void Record(Order order, TaskAnswer answer, StepUpProof proof, DateTimeOffset now)
    {
        order.AgentAttestedByEmail = answer.Actor.Email;
        order.AgentAttestedAt = now;
        order.AgentAttestationMethod = proof.Method;
        order.AgentAttestationReference = proof.Reference;
        order.Status = OrderStatus.AgentAttested;
    }
}
