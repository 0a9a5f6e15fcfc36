using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>
/// Checks that the parties hold the roles the process needs. When some are missing it says exactly
/// which, e-mails the organisation's administrators (Ineras Kundservice when it has none) and waits for
/// <see cref="KundportalEvents.RolesChanged"/> of that organisation until everything is in place.
/// </summary>
[Activity("Kundportal", "Roller", "Kontrollerar att kunden (och agenten) har de roller som krävs. Saknas någon får administratören ett mejl om exakt vilka, och steget väntar tills rollerna är upplagda.",
    DisplayName = "Kontrollera roller")]
[FlowNode(RolesInPlace, ExpiredOutcome)]
public sealed class CheckRoles : WaitingActivity
{
    public const string RolesInPlace = "RolesInPlace";
    private const string WaitingProperty = "waitingFor";

    [Input(DisplayName = "Roller som krävs", Required = true, UIHint = InputUIHints.Json, Order = 1,
        DefaultValue = """{"customer":["Beställare","Attestant"],"agent":[]}""",
        Description = "Rollerna per part, t.ex. {\"customer\":[\"Beställare\",\"Attestant\"],\"agent\":[\"Handläggare agent\",\"Attestant\"]}.")]
    public Input<RoleRequirements>? RequiredRoles { get; set; }

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        foreach (var error in base.Validate())
            yield return error;
        if (RequiredRoles is not null && RequiredRoles.TryGetLiteral(out var required) && required is not null)
        {
            foreach (var unknown in required.Unknown())
                yield return ("requiredRoles", $"okänd roll ({unknown}).");
        }
    }

    protected override async Task BeginAsync(StepScope step)
    {
        var missing = await FindMissingAsync(step);
        if (missing.Count == 0)
        {
            step.Context.Journal("Alla roller som krävs finns", kind: KundportalJournalKinds.Notice);
            step.Context.Complete(RolesInPlace);
            return;
        }
        step.Context.Journal($"Roller saknas: {string.Join("; ", missing.Select(m => m.Describe()))}", Describe(missing), kind: KundportalJournalKinds.Notice);
        var waiting = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var party in missing)
        {
            waiting[party.OrganisationNumber] = Wait(step, party);
            await TellAdministratorsAsync(step, party, null);
        }
        step.Context.SetProperty(WaitingProperty, waiting);
    }

    protected override async Task ContinueAsync(StepScope step)
    {
        var missing = await FindMissingAsync(step);
        var waiting = step.Context.GetProperty<Dictionary<string, Guid>>(WaitingProperty) ?? [];
        var changed = waiting.FirstOrDefault(w => w.Value == step.Context.ResumedBookmark?.Id).Key;
        if (changed is not null)
            waiting.Remove(changed);
        if (missing.Count == 0)
        {
            foreach (var bookmark in waiting.Values)
                step.Context.WithdrawBookmark(bookmark);
            step.Context.Journal("Rollerna som krävs finns nu: processen fortsätter", new JsonObject { ["changedBy"] = step.Context.Actor }, kind: KundportalJournalKinds.Notice);
            step.Context.Complete(RolesInPlace);
            return;
        }
        step.Context.Journal($"Roller saknas fortfarande: {string.Join("; ", missing.Select(m => m.Describe()))}", Describe(missing), kind: KundportalJournalKinds.Notice);
        foreach (var party in missing)
        {
            if (!waiting.ContainsKey(party.OrganisationNumber))
                waiting[party.OrganisationNumber] = Wait(step, party);
            if (party.OrganisationNumber == changed)
                await TellAdministratorsAsync(step, party, null);
        }
        foreach (var done in waiting.Keys.Where(k => missing.All(m => m.OrganisationNumber != k)).ToList())
        {
            step.Context.WithdrawBookmark(waiting[done]);
            waiting.Remove(done);
        }
        step.Context.SetProperty(WaitingProperty, waiting);
    }

    protected override async Task<IReadOnlyList<string>> RemindAsync(StepScope step, int number)
    {
        var told = new List<string>();
        foreach (var party in await FindMissingAsync(step))
            told.AddRange(await TellAdministratorsAsync(step, party, $"Påminnelse {number}: rollerna nedan saknas fortfarande."));
        return told;
    }

    protected override async Task<IReadOnlyList<string>> ExpireAsync(StepScope step)
    {
        var told = new List<string>();
        foreach (var party in await FindMissingAsync(step))
        {
            foreach (var admin in await AdministratorsAsync(step, party))
            {
                step.Mail(admin, $"Tiden har gått ut: roller saknas för {party.OrganisationName}", MailText.Body(admin.Name,
                [
                    $"{party.Describe()}, och rollerna lades inte upp innan tiden gick ut {MailText.Date(step.Now)}.",
                    $"Ärendet har avslutats. Kontakta Ineras Kundservice om ni vill börja om: {step.Options.KundserviceContact}.",
                ]));
                told.Add(admin.Email);
            }
        }
        return told;
    }

    private async Task<IReadOnlyList<MissingRoles>> FindMissingAsync(StepScope step)
    {
        var required = step.Context.Get(RequiredRoles) ?? new RoleRequirements { Customer = ["Beställare", "Attestant"] };
        return await step.Db.FindMissingAsync(
            [(await step.CustomerAsync(), required.CustomerRoles), (await step.AgentAsync(), required.AgentRoles)], step.CancellationToken);
    }

    private static Guid Wait(StepScope step, MissingRoles party) => RoleWait.ForRolesChanged(step, party.OrganisationNumber);

    private static Task<IReadOnlyList<TaskRecipient>> AdministratorsAsync(StepScope step, MissingRoles party) => RoleWait.AdministratorsAsync(step, party.OrganisationId);

    private static async Task<IReadOnlyList<string>> TellAdministratorsAsync(StepScope step, MissingRoles party, string? reminder)
    {
        var customer = await step.CustomerAsync();
        var agent = await step.AgentAsync();
        var admins = await AdministratorsAsync(step, party);
        var hasAdministrator = admins.All(a => a.UserId is not null);
        var why = party.Kind == OrganisationKind.Agent
            ? "Agenter behöver lägga upp rollen Handläggare agent (för tjänsten som beställs) och Attestant innan kunden beställer."
            : "Personen som ska beställa behöver rollen Beställare, och rollen Attestant behöver vara tilldelad innan en beställning kan attesteras.";
        foreach (var admin in admins)
        {
            step.Mail(admin, $"{(reminder is null ? "" : "Påminnelse: ")}Roller saknas i Kundportalen för {party.OrganisationName}", MailText.Body(admin.Name,
            [
                reminder,
                $"För att {customer.Name} ska kunna beställa Ineras tjänster via agenten {agent.Name} saknas följande roller hos {party.OrganisationName}:",
                string.Join("\n", party.Roles.Select(r => $"- {r.SwedishName()}")),
                why,
                hasAdministrator
                    ? "Logga in i Kundportalen, lägg upp användare och tilldela rollerna. Processen fortsätter av sig själv när rollerna finns."
                    : $"{party.OrganisationName} har ingen administratör i Kundportalen. Hjälp organisationen att lägga upp en administratör som kan tilldela rollerna.",
            ], step.Options.RolesPageLink(party.OrganisationNumber), "Administrera roller"));
        }
        return [.. admins.Select(a => a.Email)];
    }

    private static JsonObject Describe(IReadOnlyList<MissingRoles> missing) => new()
    {
        ["missing"] = new JsonArray([.. missing.Select(m => (JsonNode)new JsonObject
        {
            ["organisationNumber"] = m.OrganisationNumber,
            ["organisation"] = m.OrganisationName,
            ["party"] = m.Kind == OrganisationKind.Agent ? "agent" : "customer",
            ["roles"] = new JsonArray([.. m.Roles.Select(r => JsonValue.Create(r.SwedishName()))]),
        })]),
    };
}
