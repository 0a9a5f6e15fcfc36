using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// The checks on how a person confirmed an attestation or a signature, from the facts the host
/// passes in <c>authentication</c> (see <see cref="TaskAnswer"/>).
/// </summary>
public static class StepUp
{
    /// <summary>
    /// The person confirmed with one of <paramref name="methods"/>, recently (within
    /// <see cref="KundportalOptions.StepUpMaxAge"/>), with a reference to the BankID order or SMS challenge.
    /// </summary>
    public static void RequireConfirmation(StepScope step, TaskAnswer answer, InputErrors errors, params string[] methods)
    {
        var facts = answer.Authentication;
        var allowed = methods.Length == 1 ? methods[0] : "BankID eller engångslösenord via SMS";
        if (facts?.Method is null || !methods.Contains(facts.Method, StringComparer.Ordinal))
        {
            errors.Add("authentication.method", methods.Length == 1 ? $"Bekräfta med {allowed}." : $"Välj attesteringsmetod: {allowed}.");
            return;
        }
        if (facts.Reference is null)
            errors.Add("authentication.reference", $"Referensen till bekräftelsen med {facts.Method} saknas.");
        if (facts.VerifiedAt is not { } verified || verified > step.Now + TimeSpan.FromMinutes(1) || verified < step.Now - step.Options.StepUpMaxAge)
            errors.Add("authentication.verifiedAt", $"Bekräftelsen med {facts.Method} saknas eller är för gammal. Bekräfta igen.");
    }

    /// <summary>
    /// The same-person rule: an attestant who acted as Beställare on this order (placed it, or reviewed
    /// it for the agent) must have logged in again after doing so, i.e. <c>sessionStartedAt</c> is later.
    /// </summary>
    public static void RequireFreshLoginIfOrderer(TaskAnswer answer, Order order, InputErrors errors)
    {
        if (order.ActedAsOrdererAt(answer.Actor.Email) is not { } acted)
            return;
        if (answer.Authentication?.SessionStartedAt is { } session && session > acted)
            return;
        errors.Add("authentication.sessionStartedAt",
            $"Du har själv hanterat beställning {order.CaseNumber} som beställare ({MailText.Date(acted)}). " +
            "Logga ut från Kundportalen och logga in igen innan du attesterar.");
    }
}
