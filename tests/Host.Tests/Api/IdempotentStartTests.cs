using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing.BankId;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Api;

/// <summary>
/// Every entry point that starts an instance answers a repeated start (a retry after a lost answer, a double submit)
/// with the instance the first one started: <c>/elsa/api</c>'s execute and <c>/workflows</c> triggers by the
/// <c>Idempotency-Key</c> header, the application API by that header or the application itself, and <c>/ansokan</c>
/// by the key its form carries.
/// </summary>
public sealed class IdempotentStartTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private const string Definitions = "/elsa/api/workflow-definitions";
    private readonly HttpClient _staff = fixture.Host.Staff();

    [Fact]
    public async Task Execute_WithTheSameIdempotencyKey_AnswersWithTheSameInstance_AndANewTaskTokenInElsasShape()
    {
        var id = await _staff.PublishReviewAsync();

        var first = await ExecuteAsync(id, "key-1");
        var again = await ExecuteAsync(id, "key-1");
        var other = await ExecuteAsync(id, "key-2");

        var body = await first.ExpectJsonAsync(HttpStatusCode.OK);
        var replayed = await again.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(body["instanceId"]!.GetValue<string>(), replayed["instanceId"]!.GetValue<string>());
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(body["issuedTokens"]![0]!["token"]!.GetValue<string>(), replayed["issuedTokens"]![0]!["token"]!.GetValue<string>());
        Assert.NotEqual(body["instanceId"]!.GetValue<string>(), (await other.ExpectJsonAsync(HttpStatusCode.OK))["instanceId"]!.GetValue<string>());
        Assert.Equal(2, await QueryAsync(db => db.Instances.CountAsync(i => i.DefinitionId == id)));

        // The token in the newest answer is the one that works.
        var resumed = await _staff.PostJsonAsync("/elsa/api/bookmarks/resume",
            new JsonObject { ["token"] = replayed["issuedTokens"]![0]!["token"]!.GetValue<string>(), ["input"] = new JsonObject { ["outcome"] = "Godkänn" } });
        Assert.Equal("Finished", (await resumed.ExpectJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Applications_SentAgain_WithTheSameKeyOrTheSameApplication_StartOneProcess()
    {
        await PortalSeed.AgentAndOfficerAsync(fixture.Host.Services);
        var keyed = Application("232100013", "nyckel.test");
        var byKey = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SubmitAsync(keyed, "ansokan-17")));
        var plain = Application("232100021", "utan-nyckel.test");
        var bySame = new[] { await SubmitAsync(plain, null), await SubmitAsync(plain, null) };

        foreach (var answers in new[] { byKey, bySame })
        {
            var ids = new List<string>();
            foreach (var answer in answers)
                ids.Add((await answer.ExpectJsonAsync(HttpStatusCode.Created))["instanceId"]!.GetValue<string>());
            Assert.Single(ids.Distinct());
        }
        var keyedNumber = keyed["organisationNumber"]!.GetValue<string>();
        var plainNumber = plain["organisationNumber"]!.GetValue<string>();
        Assert.Equal(1, await QueryAsync(db => db.Instances.CountAsync(i => i.CorrelationId == keyedNumber)));
        Assert.Equal(1, await QueryAsync(db => db.Instances.CountAsync(i => i.CorrelationId == plainNumber)));
        Assert.Equal(2, byKey.Count(a => a.Headers.Contains("Idempotent-Replayed")));
    }

    [Fact]
    public async Task ApplicationForm_SubmittedTwice_StartsOneProcess()
    {
        await PortalSeed.AgentAndOfficerAsync(fixture.Host.Services);
        using var applicant = new PortalClient(fixture.Host.BaseAddress);
        var (_, form) = await applicant.GetAsync("/ansokan");
        var number = "232100039" + OrganisationNumber.CheckDigit("232100039");
        (string, string)[] fields =
        [
            ("_handler", "application"), ("Form.RequestKey", PortalClient.Hidden(form, "Form.RequestKey") ?? ""),
            ("Form.OrganisationNumber", number), ("Form.OrganisationName", "Region Dubbelklick"),
            ("Form.AgentOrganisationNumber", PortalSeed.Agent),
            ("Form.Administrator.Name", "Alva Admin"), ("Form.Administrator.Email", "admin@dubbel.test"), ("Form.Administrator.Phone", "070-111 11 11"),
            ("Form.Signatory.Name", "Fredrik F"), ("Form.Signatory.Email", "firmatecknare@dubbel.test"), ("Form.Signatory.Phone", "070-222 22 22"),
            ("Form.Signatory.PersonalNumber", TestPersonalNumbers.Written("firmatecknare@dubbel.test")),
            ("Form.AgreementContact.Name", "Karin K"), ("Form.AgreementContact.Email", "kontakt@dubbel.test"), ("Form.AgreementContact.Phone", "070-333 33 33"),
        ];

        var answers = await Task.WhenAll(applicant.PostFormAsync("/ansokan", form, fields), applicant.PostFormAsync("/ansokan", form, fields));

        Assert.All(answers, a => Assert.True(a.Response.StatusCode == HttpStatusCode.OK && a.Html.Contains("Ansökan är skickad", StringComparison.Ordinal), a.Html));
        Assert.Equal(1, await QueryAsync(db => db.Instances.CountAsync(i => i.CorrelationId == number)));
    }

    [Fact]
    public async Task HttpTrigger_WithTheSameIdempotencyKey_StartsOnce_AndTheRepeatIsToldWhichInstance()
    {
        var id = TestDefinitions.NewId("receipt");
        await (await _staff.PostJsonAsync($"{Definitions}/import", HttpDefinitions.OrderReceipt(id, id))).ExpectJsonAsync(HttpStatusCode.OK);

        var first = await PostOrderAsync(id, "order-42");
        var again = await PostOrderAsync(id, "order-42");

        await first.ExpectJsonAsync(HttpStatusCode.Created);
        var problem = await again.ExpectProblemAsync(HttpStatusCode.Conflict);
        var instance = await QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.DefinitionId == id));
        Assert.Equal(instance.Id.ToString(), problem["workflowInstanceId"]!.GetValue<string>());
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
    }

    private Task<HttpResponseMessage> ExecuteAsync(string definitionId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Definitions}/{definitionId}/execute") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Idempotency-Key", key);
        return _staff.SendAsync(request);
    }

    private Task<HttpResponseMessage> SubmitAsync(JsonObject application, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/kundportal/applications") { Content = JsonContent.Create(application) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return _staff.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostOrderAsync(string definitionId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/workflows/{definitionId}/orders/42") { Content = JsonContent.Create(new { amount = 5 }) };
        request.Headers.Add("Idempotency-Key", key);
        return fixture.Host.Anonymous().SendAsync(request);
    }

    private static JsonObject Application(string nineDigits, string domain) => new()
    {
        ["organisationNumber"] = nineDigits + OrganisationNumber.CheckDigit(nineDigits),
        ["agentOrganisationNumber"] = PortalSeed.Agent,
        ["application"] = new JsonObject
        {
            ["organisationName"] = $"Region {domain}",
            ["administrator"] = Person($"admin@{domain}"),
            ["signatory"] = Signatory($"firmatecknare@{domain}"),
            ["agreementContact"] = Person($"kontakt@{domain}"),
        },
    };

    private static JsonObject Person(string email) => new() { ["name"] = "Namn Namnsson", ["email"] = email, ["phone"] = "070-111 11 11" };

    private static JsonObject Signatory(string email)
    {
        var signatory = Person(email);
        signatory["personalNumber"] = TestPersonalNumbers.Written(email);
        return signatory;
    }

    private async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }
}
