using Elsa.Kundportal.Activities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// How a step that needs BankID or an SMS code decides that the person confirmed: only with a proof the host recorded
/// itself (<see cref="StepUpProof"/>) for this task link, this person and this decision, over the very document the
/// step is about to act on, recent, and not used before. The step consumes it in its own transaction, so a step that
/// refuses the answer for another reason leaves the proof for the next try. Whatever <c>authentication</c> a caller
/// puts in the answer is never read.
/// </summary>
public static class StepUp
{
    public const string Field = "authentication";

    /// <summary>
    /// Finds and consumes the proof. <paramref name="personalNumber"/> is whose BankID must have signed (the recipient's
    /// personnummer); a BankID proof from anyone else is refused. Returns null (with the reason in
    /// <paramref name="errors"/>) when there is no acceptable proof.
    /// </summary>
    public static async Task<StepUpProof?> ConsumeProofAsync(
        StepScope step, TaskAnswer answer, SignedDocument document, string? personalNumber, InputErrors errors, params string[] methods)
    {
        var bookmarkId = step.Context.ResumedBookmark?.Id;
        var proof = bookmarkId is not { } id ? null : await step.Db.StepUpProofs.AsNoTracking()
            .Where(p => p.BookmarkId == id && p.Email == answer.Actor.Email && p.Decision == answer.Decision && p.ConsumedAt == null)
            .OrderByDescending(p => p.VerifiedAt).FirstOrDefaultAsync(step.CancellationToken);
        if (proof is null || !methods.Contains(proof.Method, StringComparer.Ordinal))
        {
            errors.Add(Field, methods.Length == 1
                ? $"Bekräfta med {methods[0]}."
                : "Välj attesteringsmetod och bekräfta: BankID eller engångslösenord via SMS.");
            return null;
        }
        if (proof.VerifiedAt < step.Now - step.Options.StepUpMaxAge || proof.VerifiedAt > step.Now + TimeSpan.FromMinutes(1))
        {
            errors.Add(Field, $"Bekräftelsen med {Method(proof)} är för gammal. Bekräfta igen.");
            return null;
        }
        if (!string.Equals(proof.DocumentHash, document.Hash, StringComparison.Ordinal))
        {
            errors.Add(Field, $"Uppgifterna har ändrats sedan du bekräftade med {Method(proof)}. Bekräfta igen.");
            return null;
        }
        if (proof.Method == StepUpProof.BankId && (personalNumber is null || !string.Equals(proof.PersonalNumber, personalNumber, StringComparison.Ordinal)))
        {
            errors.Add(Field, "BankID-underskriften gjordes inte av mottagaren av uppgiften.");
            return null;
        }
        var now = step.Now;
        var consumed = await step.Db.StepUpProofs.Where(p => p.Id == proof.Id && p.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ConsumedAt, now), step.CancellationToken);
        if (consumed == 0)
        {
            errors.Add(Field, $"Bekräftelsen med {Method(proof)} är redan använd. Bekräfta igen.");
            return null;
        }
        return proof;
    }

    /// <summary>
    /// The same-person rule: an attestant who acted as Beställare on this order (placed it, or reviewed it for the
    /// agent) must have logged in again after doing so: the login the host saw when it recorded the proof is later.
    /// </summary>
    public static void RequireFreshLoginIfOrderer(StepUpProof? proof, TaskAnswer answer, Order order, InputErrors errors)
    {
        if (order.ActedAsOrdererAt(answer.Actor.Email) is not { } acted)
            return;
        if (proof?.SessionStartedAt is { } session && session > acted)
            return;
        errors.Add($"{Field}.sessionStartedAt",
            $"Du har själv hanterat beställning {order.CaseNumber} som beställare ({MailText.Date(acted)}). " +
            "Logga ut från Kundportalen och logga in igen innan du attesterar.");
    }

    /// <summary>"BankID" or "engångslösenord via SMS", for sentences.</summary>
    public static string Method(StepUpProof proof) => proof.Method == StepUpProof.Sms ? "engångslösenord via SMS" : "BankID";
}
