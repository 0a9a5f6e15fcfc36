using System.Security.Claims;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Portal;

/// <summary>An order as a list shows it: names, not codes; what it waits for; the reader's own task on it, if any.</summary>
public sealed record OrderSummary(
    Order Order, string CustomerName, string AgentName, string ServiceName, string OfferingName,
    IReadOnlyList<string> WaitingFor, Guid? MyTaskId)
{
    public string StatusText => OrganisationOrders.StatusText(Order.Status);
}

/// <summary>One line of an order's history: a decision or what the process did, in Swedish.</summary>
public sealed record OrderHistoryEntry(DateTimeOffset At, string Text);

/// <summary>The orders of one organisation, as its customer or as its agent.</summary>
public sealed record OrganisationOrderList(Organisation Organisation, IReadOnlyList<string> AgentServices, IReadOnlyList<OrderSummary> Orders);

/// <summary>
/// The orders people of an organisation see without e-mail: a customer's "Beställningar", and an agent's
/// "Agentuppdrag → Hantera beställningar". Anyone with a role in the organisation reads them; at an agent, a
/// Handläggare agent with no other role reads the orders of the services they handle. An order opens with its lines,
/// price and history, and the reader's own open task on it opens from there (<c>/uppgifter/{id}</c>).
/// </summary>
public sealed class OrganisationOrders(KundportalDbContextFactory dbs, WorkflowsDbContext workflows, ActivityRegistry registry)
{
    private static readonly string[] HistoryKinds = [KundportalJournalKinds.Decision, KundportalJournalKinds.Notice, KundportalJournalKinds.Expired];

    public static string CustomerPath(string number) => $"/organisation/{number}/bestallningar";
    public static string AgentPath(string number) => $"/organisation/{number}/agentuppdrag";
    public static string HandlePath(string number) => $"/organisation/{number}/agentuppdrag/bestallningar";
    public static string OrderPath(string number, string caseNumber) => $"/organisation/{number}/bestallningar/{caseNumber}";

    public static string StatusText(OrderStatus status) => status switch
    {
        OrderStatus.Placed => "Skickad, väntar på agentens granskning",
        OrderStatus.AgentReviewed => "Granskad av agenten, väntar på attest",
        OrderStatus.AgentAttested => "Attesterad av agenten",
        OrderStatus.CustomerAttested => "Attesterad av kunden",
        OrderStatus.Completed => "Klar: agenten ansluter kunden tekniskt",
        OrderStatus.Rejected => "Avslagen",
        OrderStatus.Cancelled => "Avbruten",
        OrderStatus.Expired => "Tiden gick ut",
        _ => status.ToString(),
    };

    /// <summary>The organisation's orders, newest first; null when the person has no role there (or it does not exist).</summary>
    public Task<OrganisationOrderList?> ListAsync(ClaimsPrincipal user, string organisationNumber, CancellationToken cancellationToken) =>
        LoadAsync(user, organisationNumber, null, cancellationToken);

    // The organisation's orders the person may read, newest first; with a case number, only that one.
    private async Task<OrganisationOrderList?> LoadAsync(ClaimsPrincipal user, string organisationNumber, string? caseNumber, CancellationToken cancellationToken)
    {
        if (!OrganisationNumber.TryParse(organisationNumber, out var number, out _) || !user.Assignments().Any(a => a.Organisation == number.Digits))
            return null;
        await using var db = dbs.CreateDbContext();
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == number.Digits, cancellationToken);
        if (organisation is null || organisation.Kind == OrganisationKind.Inera)
            return null;
        var services = Services(user, organisation);
        var query = db.Orders.AsNoTracking().Include(o => o.Lines).AsQueryable();
        query = organisation.Kind == OrganisationKind.Customer
            ? query.Where(o => o.CustomerOrganisationId == organisation.Id)
            : query.Where(o => o.AgentOrganisationId == organisation.Id);
        if (services is not null)
            query = query.Where(o => services.Contains(o.ServiceCode));
        if (caseNumber?.ToUpperInvariant() is { } wanted)
            query = query.Where(o => o.CaseNumber == wanted);
        var orders = await query.OrderByDescending(o => o.PlacedAt).ToListAsync(cancellationToken);
        var assignments = organisation.Kind == OrganisationKind.Agent
            ? await db.AgentAssignments.AsNoTracking().Where(a => a.AgentOrganisationId == organisation.Id).Select(a => a.ServiceCode).ToListAsync(cancellationToken)
            : [];
        var names = await NamesAsync(db, orders, cancellationToken);
        return new OrganisationOrderList(organisation, [.. assignments.Select(names.Service).Order(StringComparer.Ordinal)],
            await SummariseAsync(orders, names, user.Email(), cancellationToken));
    }

    /// <summary>One order of the organisation, with its history; null when the person may not read it.</summary>
    public async Task<(OrganisationOrderList List, OrderSummary Order, IReadOnlyList<OrderHistoryEntry> History)?> GetAsync(
        ClaimsPrincipal user, string organisationNumber, string caseNumber, CancellationToken cancellationToken)
    {
        if (await LoadAsync(user, organisationNumber, caseNumber, cancellationToken) is not { Orders: [var order] } list)
            return null;
        var instance = order.Order.WorkflowInstanceId;
        var history = instance is null ? [] : await workflows.Journal.AsNoTracking()
            .Where(j => j.InstanceId == instance && HistoryKinds.Contains(j.Kind) && j.Message != null)
            .OrderBy(j => j.Sequence).Select(j => new OrderHistoryEntry(j.Timestamp, j.Message!)).ToListAsync(cancellationToken);
        return (list, order, history);
    }

    // At an agent, a person whose only roles are Handläggare agent reads the orders of their services; everyone else all.
    private static IReadOnlyList<string>? Services(ClaimsPrincipal user, Organisation organisation)
    {
        if (organisation.Kind != OrganisationKind.Agent)
            return null;
        var roles = user.Assignments().Where(a => a.Organisation == organisation.OrganisationNumber).ToList();
        if (roles.Any(a => a.Role != nameof(KundportalRole.AgentCaseOfficer)))
            return null;
        return [.. roles.Where(a => a.Service is not null).Select(a => a.Service!)];
    }

    private async Task<IReadOnlyList<OrderSummary>> SummariseAsync(List<Order> orders, CatalogueNames names, string email, CancellationToken cancellationToken)
    {
        var instances = orders.Where(o => o.WorkflowInstanceId is not null).Select(o => o.WorkflowInstanceId!.Value).ToList();
        var open = await workflows.Bookmarks.AsNoTracking()
            .Where(b => instances.Contains(b.InstanceId) && b.Status == BookmarkStatus.Active && b.TokenHash != null && b.Recipient != null)
            .Select(b => new { b.Id, b.InstanceId, b.ActivityType, b.Recipient }).ToListAsync(cancellationToken);
        return [.. orders.Select(o =>
        {
            var tasks = open.Where(b => b.InstanceId == o.WorkflowInstanceId).ToList();
            return new OrderSummary(o, names.Organisation(o.CustomerOrganisationId), names.Organisation(o.AgentOrganisationId),
                names.Service(o.ServiceCode), names.Offering(o.OfferingCode),
                [.. tasks.Select(t => registry.Find(t.ActivityType)?.DisplayName ?? t.ActivityType).Distinct()],
                tasks.FirstOrDefault(t => string.Equals(t.Recipient, email, StringComparison.OrdinalIgnoreCase))?.Id);
        })];
    }

    private static async Task<CatalogueNames> NamesAsync(KundportalDbContext db, List<Order> orders, CancellationToken cancellationToken)
    {
        var parties = orders.SelectMany(o => new[] { o.CustomerOrganisationId, o.AgentOrganisationId }).Distinct().ToList();
        return new(
            await db.Organisations.AsNoTracking().Where(o => parties.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken),
            await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.Name, cancellationToken),
            await db.Offerings.AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.Name, cancellationToken));
    }

    private sealed record CatalogueNames(Dictionary<Guid, string> Organisations, Dictionary<string, string> Services, Dictionary<string, string> Offerings)
    {
        public string Organisation(Guid id) => Organisations.GetValueOrDefault(id, "");
        public string Service(string code) => Services.GetValueOrDefault(code, code);
        public string Offering(string code) => Offerings.GetValueOrDefault(code, code);
    }
}
