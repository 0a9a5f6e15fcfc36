using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Operations.Tests.Support;

/// <summary>
/// Orders through the Kundportal process, driven through the host's own services as people would
/// drive them through the portal: each scenario gets its own customer (a fresh organisationsnummer).
/// </summary>
public sealed partial class Scenario(OperationsHost host)
{
    private static int _next = 100;

    public static readonly string AgentNumber = Number("556677889");
    public const string AgentOrderer = "bestallare@journalsystem.test";
    public const string AgentAttestant = "attestant@journalsystem.test";
    public const string IneraOfficer = "handlaggare@inera.test";

    public IServiceProvider Services => host.Services;
    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    private RoleAdministration Roles => Services.GetRequiredService<RoleAdministration>();

    /// <summary>Nine digits plus their Luhn check digit.</summary>
    public static string Number(string nine) => nine + OrganisationNumber.CheckDigit(nine);

    /// <summary>A fresh customer with an agreement, a Beställare and an Attestant.</summary>
    public async Task<Customer> CustomerAsync(string name)
    {
        var nine = "21200" + Interlocked.Increment(ref _next).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var number = Number(nine);
        var orderer = $"bestallare.{nine}@kund.test";
        var attestant = $"attestant.{nine}@kund.test";
        await Roles.SaveOrganisationAsync(number, name, OrganisationKind.Customer, hasCustomerAgreement: true);
        await AddPersonAsync(number, $"admin.{nine}@kund.test", "Alva Admin", KundportalRole.Administrator);
        await AddPersonAsync(number, orderer, "Britt Beställare", KundportalRole.Orderer);
        await AddPersonAsync(number, attestant, "Axel Attestant", KundportalRole.Attestant);
        return new Customer(number, name, orderer, attestant, $"admin.{nine}@kund.test");
    }

    /// <summary>The agent, with a Beställare, a Handläggare agent for NPÖ and an Attestant.</summary>
    public async Task AgentsAsync()
    {
        await Roles.SaveOrganisationAsync(AgentNumber, "Journalsystem AB", OrganisationKind.Agent);
        await AddPersonAsync(AgentNumber, "admin@journalsystem.test", "Adam Agentadmin", KundportalRole.Administrator);
        await AddPersonAsync(AgentNumber, AgentAttestant, "Agnes Attestant", KundportalRole.Attestant);
        await AddPersonAsync(AgentNumber, AgentOrderer, "Bo Beställare", KundportalRole.Orderer);
        await AddPersonAsync(AgentNumber, "handlaggare@journalsystem.test", "Hanna Handläggare", KundportalRole.AgentCaseOfficer, "NPO");
    }

    /// <summary>
    /// A new customer's application while nobody at Inera holds Inera handläggare (none is seeded here): approving it has
    /// nobody to ask and no organisation's administrator can fix that, so the step faults as an incident for operations.
    /// Returns the instance and the customer's organisationsnummer.
    /// </summary>
    public async Task<(Guid Id, string Number)> StartApplicationWithoutIneraOfficerAsync(string name)
    {
        var nine = "23210" + Interlocked.Increment(ref _next).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var number = Number(nine);
        var result = await Services.GetRequiredService<AgentOrderProcess>().StartAsync(new AgentOrderStart
        {
            OrganisationNumber = number,
            AgentOrganisationNumber = AgentNumber,
            Application = new ApplicationForm
            {
                OrganisationName = name,
                Administrator = new ContactDetails { Name = "Alva Admin", Email = $"admin.{nine}@ny.test", Phone = "070-111 11 11" },
                Signatory = new ContactDetails { Name = "Fredrik Firmatecknare", Email = $"firmatecknare.{nine}@ny.test", Phone = "070-222 22 22", PersonalNumber = "191212121212" },
                AgreementContact = new ContactDetails { Name = "Karin Kontakt", Email = $"kontakt.{nine}@ny.test", Phone = "070-333 33 33" },
            },
        }, $"admin.{nine}@ny.test");
        Assert.True(result.Started, result.Message);
        return (result.Step!.InstanceId, number);
    }

    /// <summary>Gives someone at Inera the role Inera handläggare, so an application has someone to approve it.</summary>
    public Task AssignIneraOfficerAsync() =>
        AddPersonAsync(Activities.Catalogue.CatalogueSeed.IneraOrganisationNumber, IneraOfficer, "Ingrid Inera", KundportalRole.IneraCaseOfficer);

    public async Task AddPersonAsync(string organisationNumber, string email, string name, KundportalRole role, string? serviceCode = null)
    {
        await Roles.SaveUserAsync(email, name, "070-123 45 67");
        await Roles.AssignRoleAsync(organisationNumber, email, role, "seed", serviceCode);
    }

    /// <summary>Starts an order for the customer; it waits at "Beställning" for the customer's Beställare.</summary>
    public async Task<Guid> StartAsync(Customer customer, int? version = null, string? agentNumber = null)
    {
        var result = await Services.GetRequiredService<AgentOrderProcess>().StartAsync(new AgentOrderStart
        {
            OrganisationNumber = customer.Number, AgentOrganisationNumber = agentNumber ?? AgentNumber,
        }, customer.Admin, version);
        Assert.True(result.Started, result.Message);
        return result.Step!.InstanceId;
    }

    /// <summary>The customer's Beställare places the order (from the e-mailed link).</summary>
    public async Task<ResumeResult> PlaceOrderAsync(Customer customer, string? token = null)
    {
        token ??= await LinkAsync(customer.Orderer);
        return await Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest(customer.Orderer)
        {
            Input = JsonSerializer.SerializeToNode(new
            {
                serviceCode = "NPO",
                offeringCode = "NPO-PRODUCENT",
                careUnits = new[] { new { hsaId = "SE2321000016-15BK", name = "Vårdcentralen Norr" } },
                termsAccepted = true,
            }, JsonSerializerOptions.Web),
        });
    }

    [GeneratedRegex(@"/tasks/([A-Za-z0-9_\-]+)")]
    private static partial Regex TaskLink();

    /// <summary>The newest personal link e-mailed to <paramref name="email"/>.</summary>
    public async Task<string> LinkAsync(string email)
    {
        var mails = await MailsAsync(email);
        var mail = mails.LastOrDefault(m => TaskLink().IsMatch(m.Body))
            ?? throw new Xunit.Sdk.XunitException($"No link was e-mailed to {email}.");
        return TaskLink().Match(mail.Body).Groups[1].Value;
    }

    /// <summary>Every distinct link token e-mailed to <paramref name="email"/>.</summary>
    public async Task<List<string>> LinksAsync(string email) =>
        [.. (await MailsAsync(email)).Where(m => TaskLink().IsMatch(m.Body)).Select(m => TaskLink().Match(m.Body).Groups[1].Value).Distinct()];

    public async Task<List<OutboxMessageRecord>> MailsAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        return [.. (await db.Outbox.AsNoTracking().Where(m => m.Recipient == email).ToListAsync()).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];
    }

    public async Task<WorkflowInstanceRecord> InstanceAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<List<JournalEntryRecord>> JournalAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Journal.AsNoTracking()
            .Where(j => j.InstanceId == id).OrderBy(j => j.Sequence).ToListAsync();
    }

    public async Task<List<BookmarkRecord>> ActiveLinksAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Bookmarks.AsNoTracking()
            .Where(b => b.InstanceId == id && b.Status == BookmarkStatus.Active && b.TokenHash != null).ToListAsync();
    }

    /// <summary>
    /// Starts an instance of a workflow whose task is addressed to no one (an Elsa.UserTask without recipient, answered
    /// with its token through the API) and returns the instance and the task's token.
    /// </summary>
    public async Task<(Guid Id, string Token)> MachineTaskAsync()
    {
        var definitionId = $"maskin-{Guid.NewGuid():N}"[..20];
        var definition = new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = "Maskinuppgift",
            ["version"] = 1,
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["id"] = "flowchart",
                ["activities"] = new JsonArray(
                    new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" },
                    new JsonObject
                    {
                        ["id"] = "confirm",
                        ["type"] = "Elsa.UserTask",
                        ["taskName"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "Bekräfta" } },
                    },
                    new JsonObject { ["id"] = "end", ["type"] = "Elsa.End" }),
                ["connections"] = new JsonArray(
                    new JsonObject { ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "confirm", ["port"] = "In" } },
                    new JsonObject { ["source"] = new JsonObject { ["activity"] = "confirm", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "end", ["port"] = "In" } }),
            },
        };
        await Services.GetRequiredService<Workflows.Definitions.WorkflowDefinitionService>().ImportAsync(definition.ToJsonString(), publish: true, "test");
        var step = await Runtime.StartAsync(new StartWorkflowRequest(definitionId));
        return (step.InstanceId, Assert.Single(step.IssuedTokens).Token);
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body, JsonSerializerOptions.Web);
}

public sealed record Customer(string Number, string Name, string Orderer, string Attestant, string Admin);
