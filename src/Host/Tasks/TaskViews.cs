using System.Globalization;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Steps;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>The human steps a task page can show, by activity type.</summary>
public static class TaskKinds
{
    public const string ApproveApplication = "Kundportal.ApproveApplication";
    public const string SignAgreement = "Kundportal.SignAgreement";
    public const string PlaceOrder = "Kundportal.PlaceOrder";
    public const string AgentReview = "Kundportal.AgentReview";
    public const string AgentAttestation = "Kundportal.AgentAttestation";
    public const string CustomerAttestation = "Kundportal.CustomerAttestation";

    public static bool IsAttestation(string type) => type is AgentAttestation or CustomerAttestation;

    /// <summary>The decision needs BankID or an SMS code first.</summary>
    public static bool NeedsStepUp(string type) => IsAttestation(type) || type == SignAgreement;

    public static bool NeedsReason(string? decision) => decision is "Rejected" or "Declined" or "Cancelled";
}

/// <summary>What a task is about, loaded once per request: the bookmark, the instance's order or application, the parties.</summary>
public sealed record TaskSubject(BookmarkRecord Bookmark, string CustomerNumber, Order? Order, Application? Application, Organisation? Customer, Organisation? Agent)
{
    /// <summary>The ordered service with its offerings, to name them where the order is shown.</summary>
    public Service? Service { get; init; }
}

/// <summary>Builds the task page for each human step: what is asked, the whole order where it is reviewed, and the allowed decisions.</summary>
public sealed class TaskViews(KundportalDbContextFactory dbs, KundportalQueries queries, OrderForm orderForm, WorkflowsDbContext workflows)
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public async Task<TaskSubject> LoadAsync(BookmarkRecord bookmark, CancellationToken cancellationToken)
    {
        var correlation = await workflows.Instances.AsNoTracking().Where(i => i.Id == bookmark.InstanceId).Select(i => i.CorrelationId).FirstOrDefaultAsync(cancellationToken) ?? "";
        var order = await queries.FindOrderByInstanceAsync(bookmark.InstanceId, cancellationToken);
        var application = await queries.FindApplicationByInstanceAsync(bookmark.InstanceId, cancellationToken);
        await using var db = dbs.CreateDbContext();
        var customer = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == correlation, cancellationToken);
        Organisation? agent = null;
        if (order is not null)
            agent = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == order.AgentOrganisationId, cancellationToken);
        else if (application?.AgentOrganisationId is { } agentId)
            agent = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == agentId, cancellationToken);
        var service = order is null ? null
            : await db.Services.AsNoTracking().Include(s => s.Offerings).FirstOrDefaultAsync(s => s.Code == order.ServiceCode, cancellationToken);
        return new TaskSubject(bookmark, correlation, order, application, customer, agent) { Service = service };
    }

    public async Task<TaskView> FormAsync(TaskSubject subject, IFormCollection? posted, IReadOnlyDictionary<string, string> errors, CancellationToken cancellationToken)
    {
        string? Value(string name) => posted?[name].ToString() is { Length: > 0 } v ? v : null;
        string? Error(string name) => errors.TryGetValue(name, out var e) ? e : null;
        TaskField Field(string name, string label, FieldKind kind, IReadOnlyList<(string, string)>? options = null, string? hint = null) =>
            new(name, label, kind) { Value = Value(name), Error = Error(name), Options = options ?? [], Hint = hint };

        var type = subject.Bookmark.ActivityType;
        if (type == TaskKinds.PlaceOrder)
            return await orderForm.ViewAsync(subject, posted, errors, cancellationToken);
        var sections = new List<TaskSection>();
        var fields = new List<TaskField>();
        Activities.Agreements.CustomerAgreementText? agreementText = null;
        string title;
        string lead;
        switch (type)
        {
            case TaskKinds.ApproveApplication:
                title = $"Granska kundansökan från {subject.Application?.OrganisationName}";
                lead = "Granska ansökan och godkänn eller avslå den. Vid godkännande får kontaktpersonerna e-post.";
                sections.Add(ApplicationSection(subject.Application));
                fields.Add(Field("decision", "Beslut", FieldKind.Radio, [("Approved", "Godkänn"), ("Rejected", "Avslå")]));
                fields.Add(Field("reason", "Motivering (krävs vid avslag)", FieldKind.TextArea));
                break;
            case TaskKinds.SignAgreement:
                title = $"Signera kundavtalet mellan {subject.Customer?.Name ?? subject.Application?.OrganisationName} och Inera";
                lead = "Läs hela avtalet nedan och signera det med ditt BankID, eller avböj med en motivering; även det bekräftar du med BankID. Du behöver inte logga in.";
                agreementText = await AgreementTextAsync(subject.Application, cancellationToken);
                sections.Add(ApplicationSection(subject.Application));
                fields.Add(Field("decision", "Beslut", FieldKind.Radio, [("Signed", "Signera med BankID"), ("Declined", "Avböj")]));
                fields.Add(Field("reason", "Motivering (krävs om du avböjer)", FieldKind.TextArea));
                break;
            case TaskKinds.AgentReview:
                title = $"Hantera beställning {subject.Order?.CaseNumber}";
                lead = "Agentuppdrag – Hantera beställningar. Granska hela beställningen och gå vidare eller avslå den.";
                sections.AddRange(OrderSections(subject));
                fields.Add(Field("decision", "Beslut", FieldKind.Radio, [("Proceed", "Gå vidare"), ("Rejected", "Avslå")]));
                fields.Add(Field("reason", "Motivering (krävs vid avslag)", FieldKind.TextArea));
                fields.Add(Field("termsAccepted", "Jag har läst och godkänner villkoren", FieldKind.Checkbox));
                fields.Add(Field("invoicing.organisationNumber", "Fakturering: organisationsnummer", FieldKind.Text));
                fields.Add(Field("invoicing.reference", "Fakturering: referens", FieldKind.Text));
                fields.Add(Field("invoicing.address", "Fakturering: adress", FieldKind.TextArea));
                fields.Add(Field("attestantEmail", "Attestant hos agenten", FieldKind.Select, await AttestantsAsync(subject.Agent, cancellationToken)));
                break;
            case TaskKinds.AgentAttestation:
            case TaskKinds.CustomerAttestation:
                var party = type == TaskKinds.AgentAttestation ? $"agenten {subject.Agent?.Name}" : subject.Customer?.Name;
                title = $"Attestera beställning {subject.Order?.CaseNumber}";
                lead = $"Granska beställningen och attestera den för {party}, eller avbryt den. Du bekräftar med BankID eller engångslösenord via SMS.";
                sections.AddRange(OrderSections(subject));
                fields.Add(Field("decision", "Beslut", FieldKind.Radio, [("Attested", "Attestera"), ("Cancelled", "Avbryt beställningen")]));
                fields.Add(Field("reason", "Motivering (krävs om du avbryter)", FieldKind.TextArea));
                fields.Add(Field("method", "Attesteringsmetod", FieldKind.Radio, [("BankID", "BankID"), ("SMS", "Engångslösenord via SMS")]));
                break;
            default:
                title = "Uppgiften kan inte visas";
                lead = "Den här uppgiften hanteras inte på en uppgiftssida.";
                break;
        }
        return new TaskView
        {
            Title = title,
            Lead = lead,
            Sections = sections,
            AgreementText = agreementText,
            Fields = fields,
            Alert = errors.Count > 0 ? "Uppgifterna behöver rättas. Se meddelandena vid fälten." : null,
            SubmitLabel = type switch
            {
                TaskKinds.SignAgreement => "Fortsätt till BankID",
                _ when TaskKinds.NeedsStepUp(type) => "Fortsätt till bekräftelse",
                _ => "Skicka beslutet",
            },
        };
    }

    /// <summary>The text version of the application's newest agreement: what the signature will name.</summary>
    private async Task<Activities.Agreements.CustomerAgreementText?> AgreementTextAsync(Application? application, CancellationToken cancellationToken)
    {
        if (application is null)
            return null;
        await using var db = dbs.CreateDbContext();
        var agreement = await db.Agreements.AsNoTracking().Where(a => a.ApplicationId == application.Id).OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return agreement is null ? null : SignedDocument.TextOf(agreement);
    }

    private static TaskSection ApplicationSection(Application? application) => application is null
        ? new TaskSection("Kundansökan", [("Ansökan", "Saknas")])
        : new TaskSection("Kundansökan",
        [
            ("Organisation", $"{application.OrganisationName} ({OrganisationNumber.Parse(application.OrganisationNumber)})"),
            ("Administratör", Describe(application.Administrator)),
            ("Företrädare/Firmatecknare", Describe(application.Signatory)),
            ("Kontaktperson för avtalet", Describe(application.AgreementContact)),
            ("Inskickad", MailText.Date(application.SubmittedAt)),
        ]);

    private static IEnumerable<TaskSection> OrderSections(TaskSubject subject)
    {
        var order = subject.Order;
        if (order is null)
            yield break;
        yield return new TaskSection($"Beställning {order.CaseNumber}",
        [
            ("Kund", subject.Customer?.DisplayName ?? ""),
            ("Agent", subject.Agent?.DisplayName ?? ""),
            ("Tjänst", subject.Service?.Name ?? order.ServiceCode),
            ("Erbjudande", OfferingName(subject, order.OfferingCode)),
            ("Vårdenheter", order.Lines.Count(l => l.CareUnitHsaId is not null) is var units and > 0 ? $"{units} st" : "Inga"),
            ("Beställd av", $"{order.OrderedByName} ({order.OrderedByEmail}), {MailText.Date(order.PlacedAt)}"),
            ("Uppstartskostnad", $"{order.StartupFee.ToString("N0", Swedish)} kr{(order.IsAdditionalOrder ? " (tilläggsbeställning)" : "")}"),
        ]);
        if (order.Lines.Count > 0)
            yield return new TaskSection("Orderrader", [.. order.Lines.OrderBy(l => l.ItemNumber).Select(l => ($"Artikel {l.ItemNumber}", l.CareUnitHsaId is null ? OfferingName(subject, l.OfferingCode) : $"{l.CareUnitName} ({l.CareUnitHsaId})"))]);
        if (order.ReviewedAt is { } reviewed)
        {
            yield return new TaskSection("Agentens granskning",
            [
                ("Granskad av", $"{order.ReviewedByEmail}, {MailText.Date(reviewed)}"),
                ("Fakturering", $"{order.InvoiceOrganisationNumber}, {order.InvoiceReference}, {order.InvoiceAddress}"),
                ("Attestant hos agenten", order.AgentAttestantEmail ?? ""),
            ]);
        }
        if (order.AgentAttestedAt is { } attested)
            yield return new TaskSection("Agentens attest", [("Attesterad av", $"{order.AgentAttestedByEmail}, {MailText.Date(attested)} ({order.AgentAttestationMethod})")]);
    }

    private static string OfferingName(TaskSubject subject, string code) => subject.Service?.Offerings.FirstOrDefault(o => o.Code == code)?.Name ?? code;

    private async Task<IReadOnlyList<(string, string)>> AttestantsAsync(Organisation? agent, CancellationToken cancellationToken)
    {
        if (agent is null)
            return [];
        var roles = await queries.GetRolesAsync(agent.OrganisationNumber, cancellationToken: cancellationToken);
        return roles is null ? [] : [.. roles.Users.Where(u => u.Roles.Any(r => r.Role == KundportalRole.Attestant)).Select(u => (u.Email, $"{u.Name} ({u.Email})"))];
    }

    private static string Describe(ContactPerson person) => $"{person.Name}, {person.Email}, {person.Phone}";
}
