using Elsa.Kundportal.Activities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>A human step on a placed order: its recipients become the order's participants, and expiry closes the order.</summary>
public abstract class OrderTaskActivity : HumanTaskActivity
{
    protected override async Task OnTasksIssuedAsync(StepScope step, IReadOnlyList<TaskRecipient> recipients) =>
        (await step.OrderAsync()).AddParticipants(recipients.Select(r => r.Email));

    protected override async Task<IReadOnlyList<TaskRecipient>> OnExpiredAsync(StepScope step)
    {
        var order = await step.OrderAsync();
        order.Close(OrderStatus.Expired, step.Now, null, "Tiden för steget gick ut.");
        return await OrderNotices.PartiesAsync(step, order);
    }

    /// <summary>The people with these e-mail addresses (nulls skipped), by their names in the portal.</summary>
    protected static async Task<IReadOnlyList<TaskRecipient>> PeopleAsync(StepScope step, params string?[] emails)
    {
        var wanted = emails.OfType<string>().Select(User.NormaliseEmail).Distinct().ToList();
        var users = await step.Db.Users.AsNoTracking().Where(u => wanted.Contains(u.Email)).ToDictionaryAsync(u => u.Email, step.CancellationToken);
        return [.. wanted.Select(e => users.TryGetValue(e, out var u) ? TaskRecipient.Of(u) : new TaskRecipient(e, e))];
    }

    /// <summary>"CS1000001: NPÖ Producent (Nationell patientöversikt (NPÖ)) för Region Norr".</summary>
    protected static async Task<string> DescribeAsync(StepScope step, Order order)
    {
        var service = await step.ServiceAsync(order.ServiceCode);
        var offering = service.Offerings.FirstOrDefault(o => o.Code == order.OfferingCode)?.Name ?? order.OfferingCode;
        var customer = await step.CustomerAsync();
        return $"{order.CaseNumber}: {offering} ({service.Name}) för {customer.Name}";
    }
}
