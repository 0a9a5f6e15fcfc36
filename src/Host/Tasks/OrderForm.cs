using System.Globalization;
using Elsa.Kundportal.Activities.Agreements;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Steps;
using Elsa.Kundportal.Activities.Tasks;
using Microsoft.AspNetCore.Http;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>
/// The order form (Beställning): a service, an offering of that service, any number of care units, the terms and what
/// this order costs. It works without scripts: "Lägg till vårdenhet", "Ta bort vårdenhet N" and "Granska beställningen"
/// are submit buttons that draw the form again with what was typed (see <see cref="Redraws"/>); only "Skicka
/// beställningen" goes to the engine.
/// </summary>
public sealed class OrderForm(KundportalQueries queries, OrderChoices orderChoices)
{
    public const string AddUnit = "add-unit";
    public const string RemoveUnit = "remove-unit-";
    public const string Review = "review";

    /// <summary>The form's own buttons, which draw it again instead of sending the order.</summary>
    public static bool Redraws(string? action) => action is AddUnit or Review || (action?.StartsWith(RemoveUnit, StringComparison.Ordinal) ?? false);

    public async Task<TaskView> ViewAsync(TaskSubject subject, IFormCollection? posted, IReadOnlyDictionary<string, string> errors, CancellationToken cancellationToken)
    {
        string? Value(string name) => posted?[name].ToString() is { Length: > 0 } v ? v : null;
        TaskField Field(string name, string label, FieldKind kind) => new(name, label, kind) { Value = Value(name), Error = errors.GetValueOrDefault(name) };
        // A row's values come from the rows as redrawn, not from the posted names: a removed row moves the ones after it up.
        TaskField Unit(string name, string label, string? value) => new(name, label, FieldKind.Text) { Value = value, Error = errors.GetValueOrDefault(name) };

        var choice = await orderChoices.ForTaskAsync(subject.Bookmark.InstanceId, subject.Bookmark.ActivityId, cancellationToken);
        var service = choice.Services.FirstOrDefault(s => s.Code == Value("serviceCode"));
        var offering = service?.Offerings.FirstOrDefault(o => o.IsActive && o.Code == Value("offeringCode"));
        var units = Rows(posted);

        var fields = new List<TaskField>
        {
            Field("serviceCode", "Tjänst", FieldKind.Select) with { Options = [.. choice.Services.Select(s => (s.Code, s.Name))], Hint = ServiceHint(choice) },
            Field("offeringCode", "Erbjudande", FieldKind.Select) with
            {
                Hint = "Erbjudandena står under sin tjänst. Välj ett erbjudande för den tjänst du har valt.",
                OptionGroups = [.. choice.Services.Select(s => new TaskOptionGroup(s.Name, [.. s.Offerings.Where(o => o.IsActive).Select(o => (o.Code, o.Name))]))],
            },
        };
        for (var i = 0; i < units.Count; i++)
        {
            fields.Add(Unit($"careUnits[{i}].hsaId", $"Vårdenhet {i + 1}: HSA-id", units[i].HsaId) with
            {
                Hint = i == 0 ? "T.ex. SE2321000016-15BK. Ange alla vårdenheter som ska anslutas i samma beställning. Lämna tomt om tjänsten inte kräver vårdenheter." : null,
            });
            fields.Add(Unit($"careUnits[{i}].name", $"Vårdenhet {i + 1}: namn", units[i].Name));
            if (units.Count > 1)
                fields.Add(new TaskField($"remove-unit-{i}", $"Ta bort vårdenhet {i + 1}", FieldKind.Action) { Value = RemoveUnit + i.ToString(CultureInfo.InvariantCulture) });
        }
        fields.Add(new TaskField("add-unit", "Lägg till vårdenhet", FieldKind.Action) { Value = AddUnit });
        fields.Add(Field("termsAccepted", "Jag har läst och godkänner villkoren för beställning", FieldKind.Checkbox) with
        {
            Before = [await SummaryAsync(subject, service, offering, units, cancellationToken), Terms()],
        });

        return new TaskView
        {
            Title = $"Beställ en tjänst för {subject.Customer?.Name}",
            Lead = "Välj tjänst och erbjudande, ange alla vårdenheter som ska anslutas, granska beställningen, läs och godkänn villkoren och skicka beställningen.",
            Fields = fields,
            Alert = errors.Count > 0 ? "Uppgifterna behöver rättas. Se meddelandena vid fälten." : null,
            SubmitLabel = "Skicka beställningen",
            DefaultAction = Review,
            Actions = [(Review, "Granska beställningen")],
        };
    }

    /// <summary>
    /// The care-unit rows as posted, in order, changed by the button pressed. After "Skicka beställningen" the rows are
    /// those the engine saw (empty rows left out), so its messages by row number land on the right row.
    /// </summary>
    private static List<(string? HsaId, string? Name)> Rows(IFormCollection? posted)
    {
        var rows = new SortedDictionary<int, (string? HsaId, string? Name)>();
        foreach (var (key, values) in posted ?? new FormCollection(null))
        {
            if (TaskEndpoints.CareUnitField(key) is not { } field)
                continue;
            var value = values.ToString().Trim() is { Length: > 0 } v ? v : null;
            var row = rows.GetValueOrDefault(field.Index);
            rows[field.Index] = field.Part == "hsaId" ? row with { HsaId = value } : row with { Name = value };
        }
        var action = posted?["action"].ToString();
        var units = Redraws(action) ? rows.Values.ToList() : [.. rows.Values.Where(r => r.HsaId is not null || r.Name is not null)];
        if (action == AddUnit)
            units.Add((null, null));
        else if (action?.StartsWith(RemoveUnit, StringComparison.Ordinal) == true
            && int.TryParse(action.AsSpan(RemoveUnit.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var removed) && removed < units.Count)
            units.RemoveAt(removed);
        if (units.Count == 0)
            units.Add((null, null));
        return units;
    }

    /// <summary>What this order costs: the chosen service's start-up fee once, and whether it is a tilläggsbeställning.</summary>
    private async Task<TaskText> SummaryAsync(TaskSubject subject, Service? service, Offering? offering, List<(string? HsaId, string? Name)> units,
        CancellationToken cancellationToken)
    {
        AgreementBlock Paragraph(string text) => new(AgreementBlockKind.Paragraph, text);
        var rule = Paragraph("Varje beställning av en tjänst kostar en uppstartskostnad. Det är billigare att göra en beställning än flera: " +
            "varje senare tilläggsbeställning av samma tjänst kostar ytterligare en uppstartskostnad. Ange därför alla vårdenheter i den här beställningen.");
        if (service is null || await queries.PreviewPriceAsync(subject.CustomerNumber, service.Code, cancellationToken) is not { } price)
            return new TaskText("Uppstartskostnad") { Blocks = [rule, Paragraph("Välj tjänst och tryck på Granska beställningen så visas vad beställningen kostar.")] };
        var count = units.Count(u => u.HsaId is not null);
        return new TaskText("Sammanfattning och pris")
        {
            Rows =
            [
                ("Tjänst", service.Name),
                ("Erbjudande", offering?.Name ?? "Inget valt"),
                ("Vårdenheter", count == 0 ? "Inga angivna" : $"{count} st"),
                ("Uppstartskostnad för den här beställningen", price.IsAdditionalOrder
                    ? $"{MailText.Money(price.StartupFee)}. Det är en tilläggsbeställning, er beställning nummer {price.Ordinal} av {service.Name}: " +
                      $"den kostar ytterligare en uppstartskostnad, totalt {MailText.Money(price.StartupFeesForService)} i uppstartskostnader för tjänsten."
                    : $"{MailText.Money(price.StartupFee)}, första beställningen av {service.Name}."),
            ],
            Blocks = [rule],
        };
    }

    private static TaskText Terms()
    {
        var terms = OrderTermsText.Current;
        return new TaskText(terms.Title) { Blocks = terms.Blocks };
    }

    private static string? ServiceHint(OrderChoice choice) => choice switch
    {
        { CaseOfficerRequiredAt: null } => null,
        { CaseOfficerRequiredAt: { } agent, Services.Count: 0 } =>
            $"Agenten {agent.Name} har ingen Handläggare agent för någon av tjänsterna, så inget kan beställas via agenten just nu. Kontakta agenten.",
        { CaseOfficerRequiredAt: { } agent } => $"Bara tjänster som agenten {agent.Name} har en Handläggare agent för kan beställas.",
    };
}
