using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Agreements;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>
/// The customer's Beställare orders: a service, an offering, the care units (required on the first order
/// of some services) and acceptance of the terms. Answer fields:
/// <c>{ "serviceCode": "NPO", "offeringCode": "NPO-PRODUCENT", "careUnits": [{ "hsaId": "SE2321000016-15BK", "name": "…" }], "termsAccepted": true }</c>.
/// With <see cref="RequiresCaseOfficerForService"/> on (version 2 of the process) it is refused when the agent has no
/// Handläggare agent for the service, and the order form offers only the services it has one for. The order is priced with
/// one start-up fee (<see cref="PricePreview"/>, which the order form shows before sending).
/// </summary>
[Activity("Kundportal", "Beställning", "Kundens beställare väljer tjänst och erbjudande, anger vårdenheter när tjänsten kräver det, godkänner villkoren och skickar beställningen. Uppstartskostnaden visas innan beställningen skickas.",
    DisplayName = "Beställning")]
[FlowNode(Placed, ExpiredOutcome)]
public sealed class PlaceOrder : HumanTaskActivity
{
    public const string Placed = "Placed";
    private const string CheckRolesType = "Kundportal.CheckRoles";

    [Input(DisplayName = "Agenten måste ha Handläggare agent för tjänsten", Order = 1, DefaultValue = "true",
        Description = "På: beställningen tas bara emot för en tjänst som agenten har en Handläggare agent för, och beställningsformuläret visar bara de tjänsterna " +
            "(som i version 2 av processen). Av: alla tjänster i katalogen kan beställas (som i version 1). Ett nytt steg har regeln på. " +
            "I en version som sparades innan inställningen fanns gäller regeln när versionens Kontrollera roller kräver Handläggare agent av agenten.")]
    public Input<bool>? RequiresCaseOfficerForService { get; set; }

    protected override IReadOnlyList<string> Decisions => [Placed];

    protected override string NoRecipientsHint => "kunden behöver en användare med rollen Beställare.";

    protected override async Task<IReadOnlyList<TaskRecipient>> ResolveRecipientsAsync(StepScope step) =>
        await step.RecipientsWithRoleAsync((await step.CustomerAsync()).Id, KundportalRole.Orderer);

    protected override async Task<RoleGap?> RoleGapAsync(StepScope step) => new RoleGap(await step.CustomerAsync(), KundportalRole.Orderer, "Beställare");

    protected override async Task<TaskMail> ComposeAsync(StepScope step)
    {
        var customer = await step.CustomerAsync();
        var agent = await step.AgentAsync();
        return new TaskMail($"Beställning via {agent.Name}", $"Nu kan {customer.Name} beställa via {agent.Name}",
        [
            $"{customer.Name} kan nu beställa Ineras tjänster via agenten {agent.Name}.",
            "Välj tjänst och erbjudande och fyll i beställningen. Vid första beställningen av vissa tjänster anger ni alla vårdenheter som ska anslutas. " +
            "Läs igenom och godkänn villkoren och skicka beställningen.",
            "Tänk på att det är billigare att göra en beställning än flera: för varje senare tilläggsbeställning av samma tjänst tillkommer ytterligare en uppstartskostnad.",
        ]) { LinkText = "Gör beställningen" };
    }

    protected override async Task<Decision> DecideAsync(StepScope step, TaskAnswer answer)
    {
        var customer = await step.CustomerAsync();
        var agent = await step.AgentAsync();
        var errors = new InputErrors();
        var (service, offering) = await ChooseAsync(step, answer, agent, RequiresCaseOfficer(step.Context), errors);
        var price = service is null ? null : await PricePreview.ForNextOrderAsync(step.Db, customer.Id, service, step.CancellationToken);
        var units = ReadCareUnits(answer, errors);
        if (service is { RequiresCareUnitsOnFirstOrder: true } && price is { IsAdditionalOrder: false } && units.Count == 0 && !errors.Fields.ContainsKey("careUnits"))
            errors.Add("careUnits", $"Ange alla vårdenheter som ska anslutas till {service.Name}: det krävs vid första beställningen.");
        if (!answer.IsTrue("termsAccepted"))
            errors.Add("termsAccepted", "Läs igenom och godkänn villkoren för att kunna skicka beställningen.");
        errors.ThrowIfAny(step.Context);

        var order = await CreateAsync(step, answer, customer, agent, service!, offering!, price!, units);
        step.Mail(answer.Actor, $"Beställning {order.CaseNumber} är skickad", MailText.Body(answer.Actor.Name,
        [
            $"Beställningen {order.CaseNumber} av {offering!.Name} ({service!.Name}) för {customer.Name} är skickad till agenten {agent.Name} för godkännande.",
            price!.Notice,
            units.Count == 0 ? null : "Vårdenheter:\n" + string.Join("\n", units.Select(u => $"- {u.Name} ({u.HsaId})")),
            "Du får besked när beställningen har hanterats.",
        ]));
        return new Decision(Placed, $"Beställning {order.CaseNumber} skickades av {answer.Actor.Name}: {offering.Name}, uppstartskostnad {MailText.Money(price.StartupFee)}" +
            (price.IsAdditionalOrder ? $" (tilläggsbeställning, nummer {price.Ordinal} av tjänsten)" : ""))
        {
            Details = new JsonObject
            {
                ["orderId"] = order.Id,
                ["caseNumber"] = order.CaseNumber,
                ["serviceCode"] = service.Code,
                ["offeringCode"] = offering.Code,
                ["careUnits"] = new JsonArray([.. units.Select(u => JsonValue.Create(u.HsaId))]),
                ["startupFee"] = price.StartupFee,
                ["ordinalForService"] = price.Ordinal,
                ["additionalOrder"] = price.IsAdditionalOrder,
                ["termsVersion"] = OrderTermsText.Current.Version,
            },
        };
    }

    private static async Task<(Service? Service, Offering? Offering)> ChooseAsync(StepScope step, TaskAnswer answer, Organisation agent, bool requiresCaseOfficer,
        InputErrors errors)
    {
        var serviceCode = answer.Text("serviceCode");
        var offeringCode = answer.Text("offeringCode");
        if (serviceCode is null)
        {
            errors.Add("serviceCode", "Välj en tjänst.");
            return (null, null);
        }
        var service = await step.Db.Services.Include(s => s.Offerings).FirstOrDefaultAsync(s => s.Code == serviceCode && s.IsActive, step.CancellationToken);
        if (service is null)
        {
            errors.Add("serviceCode", $"Tjänsten '{serviceCode}' finns inte i tjänstekatalogen. Välj en tjänst i listan.");
            return (null, null);
        }
        if (requiresCaseOfficer && !await step.Db.UsersWithRole(agent.Id, KundportalRole.AgentCaseOfficer, service.Code).AnyAsync(step.CancellationToken))
        {
            errors.Add("serviceCode", $"Agenten {agent.Name} har ingen Handläggare agent för {service.Name} och kan inte ta emot beställningen. " +
                "Välj en annan tjänst eller kontakta agenten.");
        }
        var offering = service.Offerings.FirstOrDefault(o => o.Code == offeringCode && o.IsActive);
        if (offering is null)
            errors.Add("offeringCode", await OfferingRefusalAsync(step, service, offeringCode));
        return (service, offering);
    }

    private static async Task<string> OfferingRefusalAsync(StepScope step, Service service, string? offeringCode)
    {
        if (offeringCode is null)
            return "Välj ett erbjudande.";
        var other = await step.Db.Offerings.Where(o => o.Code == offeringCode && o.ServiceCode != service.Code)
            .Join(step.Db.Services, o => o.ServiceCode, s => s.Code, (o, s) => new { Offering = o.Name, Service = s.Name })
            .FirstOrDefaultAsync(step.CancellationToken);
        return other is null
            ? $"Erbjudandet '{offeringCode}' finns inte för {service.Name}."
            : $"Erbjudandet {other.Offering} hör till tjänsten {other.Service}, inte till {service.Name}. Välj ett erbjudande för {service.Name}.";
    }

    /// <summary>
    /// Whether the step <paramref name="activityId"/> of <paramref name="definition"/> requires a Handläggare agent for the service,
    /// read from the definition (for the order form); null when the input is an expression, known only as the step runs.
    /// </summary>
    public static bool? RequiresCaseOfficer(WorkflowDefinitionModel definition, string activityId, ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        if (definition.Find(activityId) is not { } node || registry.Bind(node, definition) is not PlaceOrder step)
            return null;
        if (step.RequiresCaseOfficerForService is not { } input)
            return RuleWhenNotSet(definition, registry);
        return input.TryGetLiteral(out var on) ? on : null;
    }

    private bool RequiresCaseOfficer(ActivityExecutionContext context) => RequiresCaseOfficerForService is { } input
        ? context.Get(input)
        : RuleWhenNotSet(context.Definition, context.Services.GetRequiredService<ActivityRegistry>());

    // Versions saved before the input existed: version 1 required no roles of the agent and took any service; version 2
    // required Handläggare agent and refused a service without one. Their role checks tell them apart, so an order that
    // is already running keeps its version's rule. Without a role check that says, the rule is on, as for a new step.
    private static bool RuleWhenNotSet(WorkflowDefinitionModel definition, ActivityRegistry registry)
    {
        var required = definition.Flowcharts.SelectMany(f => f.Activities).Where(a => a.Type == CheckRolesType)
            .Select(a => registry.Bind(a, definition)).OfType<CheckRoles>()
            .Select(c => c.RequiredRoles is not { } roles ? new RoleRequirements() : roles.TryGetLiteral(out var literal) ? literal : null).ToList();
        return required.Count == 0 || required.Any(r => r is null || r.AgentRoles.Contains(KundportalRole.AgentCaseOfficer));
    }

    private static List<(string HsaId, string Name)> ReadCareUnits(TaskAnswer answer, InputErrors errors)
    {
        var units = new List<(string HsaId, string Name)>();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        if (answer["careUnits"] is null)
            return units;
        if (answer["careUnits"] is not JsonArray array)
        {
            errors.Add("careUnits", "Vårdenheterna ska anges som en lista.");
            return units;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var hsaId = TaskAnswer.TextOf(array[i]?["hsaId"]);
            var name = TaskAnswer.TextOf(array[i]?["name"]);
            var normalised = HsaId.IsValid(hsaId) ? HsaId.Normalise(hsaId!) : null;
            if (normalised is null)
                errors.Add($"careUnits[{i}].hsaId", hsaId is null ? "Ange vårdenhetens HSA-id." : $"HSA-id '{hsaId}' har fel form; det ska se ut som SE2321000016-15BK.");
            else if (!rowOf.TryAdd(normalised, i))
                errors.Add($"careUnits[{i}].hsaId", $"HSA-id {hsaId} finns redan med i beställningen (vårdenhet {rowOf[normalised] + 1}).");
            if (name is null)
                errors.Add($"careUnits[{i}].name", "Ange vårdenhetens namn.");
            else if (!errors.CheckLength($"careUnits[{i}].name", name, FieldLimits.Name, "Vårdenhetens namn"))
                name = null;
            if (normalised is not null && name is not null)
                units.Add((normalised, name));
        }
        return units;
    }

    private static async Task<Order> CreateAsync(StepScope step, TaskAnswer answer, Organisation customer, Organisation agent, Service service, Offering offering,
        PricePreview price, List<(string HsaId, string Name)> units)
    {
        var order = new Order
        {
            Id = Guid.CreateVersion7(step.Now),
            CaseNumber = $"CS{await step.Db.NextNumberAsync(Counter.CaseNumber, step.CancellationToken)}",
            CustomerOrganisationId = customer.Id,
            AgentOrganisationId = agent.Id,
            ServiceCode = service.Code,
            OfferingCode = offering.Code,
            Status = OrderStatus.Placed,
            WorkflowInstanceId = step.Context.WorkflowInstanceId,
            OrderedByEmail = answer.Actor.Email,
            OrderedByName = answer.Actor.Name,
            PlacedAt = step.Now,
            TermsAcceptedAt = step.Now,
            StartupFee = price.StartupFee,
            OrdinalForService = price.Ordinal,
            Participants = [answer.Actor.Email],
        };
        // One line per care unit, or one for the offering; their item numbers are taken together.
        var itemNumber = await step.Db.NextNumbersAsync(Counter.ItemNumber, Math.Max(units.Count, 1), step.CancellationToken);
        OrderLine Line(string? hsaId, string? name) => new()
        {
            Id = Guid.CreateVersion7(step.Now), OrderId = order.Id, OfferingCode = offering.Code, CareUnitHsaId = hsaId, CareUnitName = name, ItemNumber = itemNumber++,
        };
        if (units.Count == 0)
            order.Lines.Add(Line(null, null));
        var known = await step.Db.CareUnits.Where(c => c.OrganisationId == customer.Id).ToListAsync(step.CancellationToken);
        foreach (var (hsaId, name) in units)
        {
            order.Lines.Add(Line(hsaId, name));
            if (known.FirstOrDefault(c => c.HsaId == hsaId) is { } unit)
                unit.Name = name;
            else
                step.Db.CareUnits.Add(new CareUnit { Id = Guid.CreateVersion7(step.Now), OrganisationId = customer.Id, HsaId = hsaId, Name = name, CreatedAt = step.Now });
        }
        step.Db.Orders.Add(order);
        step.SetId(ProcessVariables.OrderId, order.Id);
        return order;
    }
}
