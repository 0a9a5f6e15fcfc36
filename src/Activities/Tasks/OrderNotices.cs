using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>Tells the parties of an order that it ended without being completed (avslagen, avbruten).</summary>
public static class OrderNotices
{
    /// <summary>
    /// The customer's Beställare who placed the order, everyone who was given a task on it (at the agent and the customer)
    /// and the customer's Administratör(s), who answer for the organisation's orders.
    /// </summary>
    public static async Task<IReadOnlyList<TaskRecipient>> PartiesAsync(StepScope step, Order order)
    {
        var administrators = await step.Db.UsersWithRole(order.CustomerOrganisationId, KundportalRole.Administrator)
            .Select(u => u.Email).ToListAsync(step.CancellationToken);
        var emails = order.Participants.Append(order.OrderedByEmail).Concat(administrators).Select(User.NormaliseEmail).Distinct().ToList();
        var users = await step.Db.Users.Where(u => emails.Contains(u.Email)).ToDictionaryAsync(u => u.Email, step.CancellationToken);
        return [.. emails.Select(e => users.TryGetValue(e, out var u) ? TaskRecipient.Of(u) : new TaskRecipient(e, e))];
    }

    /// <summary>E-mails every party: what ended, by whom, when and why.</summary>
    public static async Task<IReadOnlyList<TaskRecipient>> SendClosedAsync(StepScope step, Order order, string verb, TaskRecipient by, string? reason)
    {
        var parties = await PartiesAsync(step, order);
        var service = await step.ServiceAsync(order.ServiceCode);
        var customer = await step.CustomerAsync();
        foreach (var party in parties)
        {
            step.Mail(party, $"Beställning {order.CaseNumber} har {verb}", MailText.Body(party.Name,
            [
                $"Beställningen {order.CaseNumber} av {service.Name} för {customer.Name} har {verb} av {by.Name} ({by.Email}) {MailText.Date(step.Now)}.",
                reason is null ? null : $"Motivering: {reason}",
                "Ärendet är avslutat och länkar i tidigare mejl om beställningen gäller inte längre.",
                $"Har du frågor, kontakta Ineras Kundservice: {step.Options.KundserviceContact}.",
            ]));
        }
        return parties;
    }

    /// <summary>
    /// The order's lines as the agent and the attestants read them: item number and care unit, or the offering's name for
    /// a line without one.
    /// </summary>
    public static async Task<string> LinesAsync(StepScope step, Order order)
    {
        var service = await step.ServiceAsync(order.ServiceCode);
        string Offering(string code) => service.Offerings.FirstOrDefault(o => o.Code == code)?.Name ?? code;
        return string.Join("\n", order.Lines.OrderBy(l => l.ItemNumber).Select(l =>
            l.CareUnitHsaId is null ? $"- Artikel {l.ItemNumber}: {Offering(l.OfferingCode)}" : $"- Artikel {l.ItemNumber}: {l.CareUnitName} ({l.CareUnitHsaId})"));
    }
}
