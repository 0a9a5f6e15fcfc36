using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// An attestation of an order: the attestant attests (Attested) or cancels (Cancelled, with a reason),
/// confirming either with BankID or an SMS one-time password. Attesting follows the same-person rule:
/// someone who acted as Beställare on the order must have logged in again since (<see cref="StepUp"/>).
/// </summary>
public abstract class AttestationTask : OrderTaskActivity
{
    public const string Attested = "Attested";
    public const string Cancelled = "Cancelled";

    protected override IReadOnlyList<string> Decisions => [Attested, Cancelled];

    /// <summary>"agentens" or "kundens", for the journal.</summary>
    protected abstract string Party { get; }

    protected abstract void Record(Order order, TaskAnswer answer, DateTimeOffset now);

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
        StepUp.RequireConfirmation(step, answer, errors, AuthenticationFacts.BankId, AuthenticationFacts.Sms);
        if (answer.Decision == Attested)
            StepUp.RequireFreshLoginIfOrderer(answer, order, errors);
        errors.ThrowIfAny(step.Context);

        var how = answer.Authentication!.Method == AuthenticationFacts.Sms ? "engångslösenord via SMS" : "BankID";
        var details = new JsonObject { ["caseNumber"] = order.CaseNumber, ["party"] = Party };
        if (answer.Decision == Cancelled)
        {
            order.Close(OrderStatus.Cancelled, step.Now, answer.Actor.Email, answer.Reason);
            await OrderNotices.SendClosedAsync(step, order, "avbrutits", answer.Actor, answer.Reason);
            return new Decision(Cancelled, $"Beställning {order.CaseNumber} avbröts av {Party} attestant {answer.Actor.Name} ({how}): {answer.Reason}") { Details = details };
        }
        Record(order, answer, step.Now);
        return new Decision(Attested, $"Beställning {order.CaseNumber} attesterades av {Party} attestant {answer.Actor.Name} med {how}") { Details = details };
    }
}
