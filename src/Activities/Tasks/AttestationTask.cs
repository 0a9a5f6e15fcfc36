using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// An attestation of an order: the attestant attests (Attested) or cancels (Cancelled, with a reason),
/// confirming either with BankID or an SMS one-time password (a proof the host recorded, see <see cref="StepUp"/>).
/// Attesting follows the same-person rule:
/// someone who acted as Beställare on the order must have logged in again since (<see cref="StepUp"/>).
/// </summary>
public abstract class AttestationTask : OrderTaskActivity
{
    public const string Attested = "Attested";
    public const string Cancelled = "Cancelled";

    protected override IReadOnlyList<string> Decisions => [Attested, Cancelled];

    /// <summary>"agentens" or "kundens", for the journal.</summary>
    protected abstract string Party { get; }

    protected abstract void Record(Order order, TaskAnswer answer, StepUpProof proof, DateTimeOffset now);

    /// <summary>
    /// The e-mail asking for the attestation: what is to be attested (<paramref name="about"/>), how to attest,
    /// and the same-person rule as it applies to this party (<paramref name="samePersonRule"/>).
    /// </summary>
    protected static TaskMail AttestationMail(Order order, string subject, IEnumerable<string> about, string samePersonRule) =>
        new($"Attest av beställning {order.CaseNumber}", subject,
        [
            .. about,
            "Kontrollera beställningen och attestera den (eller avbryt den) genom att välja attesteringsmetod, engångslösenord via SMS eller BankID, och bekräfta.",
            samePersonRule,
        ]) { LinkText = "Attestera beställningen" };

    protected override async Task<Decision> DecideAsync(StepScope step, TaskAnswer answer)
    {
        var order = await step.OrderAsync();
        var errors = new InputErrors();
        var proof = await StepUp.ConsumeProofAsync(step, answer, await DocumentAsync(step, order, Party, answer.Decision!, answer.Reason),
            await PersonalNumberOfAsync(step, answer.Actor.Email), errors, StepUpProof.BankId, StepUpProof.Sms);
        if (answer.Decision == Attested)
            StepUp.RequireFreshLoginIfOrderer(proof, answer, order, errors);
        errors.ThrowIfAny(step.Context);

        var how = StepUp.Method(proof!);
        var details = new JsonObject { ["caseNumber"] = order.CaseNumber, ["party"] = Party };
        if (answer.Decision == Cancelled)
        {
            order.Close(OrderStatus.Cancelled, step.Now, answer.Actor.Email, answer.Reason);
            await OrderNotices.SendClosedAsync(step, order, "avbrutits", answer.Actor, answer.Reason);
            return new Decision(Cancelled, $"Beställning {order.CaseNumber} avbröts av {Party} attestant {answer.Actor.Name} ({how}): {answer.Reason}") { Details = details, Proof = proof };
        }
        Record(order, answer, proof!, step.Now);
        return new Decision(Attested, $"Beställning {order.CaseNumber} attesterades av {Party} attestant {answer.Actor.Name} med {how}") { Details = details, Proof = proof };
    }

    /// <summary>What the attestant confirms: the order as it stands, with the decision (and reason) and the party attesting.</summary>
    public static async Task<SignedDocument> DocumentAsync(StepScope step, Order order, string party, string decision, string? reason) =>
        SignedDocument.ForOrder(order, await step.ServiceAsync(order.ServiceCode), await step.CustomerAsync(), await step.AgentAsync(), party, decision, reason);

    /// <summary>The personnummer a person has in the portal (null when none is registered).</summary>
    protected static Task<string?> PersonalNumberOfAsync(StepScope step, string email) =>
        step.Db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => u.PersonalNumber).FirstOrDefaultAsync(step.CancellationToken);
}
