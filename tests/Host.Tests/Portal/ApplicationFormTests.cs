using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Portal;

/// <summary>The anonymous application form (/ansokan): every input checked at the edge, nothing started on bad input.</summary>
public sealed class ApplicationFormTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private static readonly string[] Fields =
    [
        "organisationNumber", "organisationName", "agent",
        "administrator-name", "administrator-email", "administrator-phone",
        "signatory-name", "signatory-email", "signatory-phone",
        "agreementContact-name", "agreementContact-email", "agreementContact-phone",
    ];

    private readonly PortalJourney _journey = new(fixture);

    [Fact]
    public async Task EmptyForm_FlagsEveryRequiredField_With422_AndASummaryLinkingEachField()
    {
        await _journey.AgentAsync();
        using var applicant = new PortalClient(fixture.Host.BaseAddress);
        var (_, form) = await applicant.GetAsync("/ansokan");

        var (response, html) = await applicant.PostFormAsync("/ansokan", form, ("_handler", "application"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        foreach (var field in Fields)
        {
            Assert.Matches($"id=\"{field}-error\">[^<]+", html);
            Assert.Contains($"href=\"#{field}\"", html, StringComparison.Ordinal);
        }
        var agentError = System.Text.RegularExpressions.Regex.Match(html, "id=\"agent-error\">([^<]+)").Groups[1].Value;
        Assert.Contains("agent", agentError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("organisationsnummer", agentError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("id=\"error-summary\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooLongName_Is422AtTheField_AndStartsNothing()
    {
        await _journey.AgentAsync();
        var number = Number("232100401");

        var (response, html) = await SubmitAsync(Valid(number, "400") with { AdministratorName = new string('x', 10_000) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("id=\"administrator-name-error\">[^<]*256", html);
        Assert.DoesNotContain("Ansökan är skickad", html, StringComparison.Ordinal);
        Assert.Equal(0, await InstancesForAsync(number));
    }

    [Fact]
    public async Task TooLongEmail_Is422AtTheField_AndStartsNothing()
    {
        await _journey.AgentAsync();
        var number = Number("232100402");
        var email = new string('a', 60) + "@" + string.Concat(Enumerable.Repeat(new string('b', 59) + ".", 4)) + "se";
        Assert.True(email.Length > 256);

        var (response, html) = await SubmitAsync(Valid(number, "402") with { AdministratorEmail = email });

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {html}");
        Assert.Matches("id=\"administrator-email-error\">[^<]*256", html);
        Assert.Equal(0, await InstancesForAsync(number));
    }

    [Fact]
    public async Task Api_TooLongInput_Is422WithTheFieldsPath()
    {
        await _journey.AgentAsync();
        var number = Number("232100403");
        var application = new JsonObject
        {
            ["organisationNumber"] = number,
            ["agentOrganisationNumber"] = PortalJourney.AgentNumber,
            ["application"] = new JsonObject
            {
                ["organisationName"] = new string('R', 300),
                ["administrator"] = Person("admin@lang.test"),
                ["signatory"] = Person("firmatecknare@lang.test"),
                ["agreementContact"] = Person("kontakt@lang.test"),
            },
        };

        var problem = await (await fixture.Host.Staff().PostJsonAsync("/api/kundportal/applications", application)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]!["$.application.organisationName"]);
        Assert.Equal(0, await InstancesForAsync(number));
    }

    [Fact]
    public async Task OrganisationWithAnAgreement_CannotOrderThroughTheAnonymousForm()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("232100404", "Region Avtal", "avtal.test");

        var (response, html) = await SubmitAsync(Valid(customer.Number, "404"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.DoesNotContain("Ansökan är skickad", html, StringComparison.Ordinal);
        Assert.Matches("id=\"organisationNumber-error\">[^<]*kundavtal[^<]*[Ll]ogga in", html);
        Assert.Equal(0, await InstancesForAsync(customer.Number));
    }

    private async Task<(HttpResponseMessage Response, string Html)> SubmitAsync(Application application)
    {
        using var applicant = new PortalClient(fixture.Host.BaseAddress);
        var (_, form) = await applicant.GetAsync("/ansokan");
        return await applicant.PostFormAsync("/ansokan", form,
            ("_handler", "application"), ("Form.OrganisationNumber", application.Number), ("Form.OrganisationName", application.Name),
            ("Form.AgentOrganisationNumber", PortalJourney.AgentNumber),
            ("Form.Administrator.Name", application.AdministratorName), ("Form.Administrator.Email", application.AdministratorEmail), ("Form.Administrator.Phone", "070-111 11 11"),
            ("Form.Signatory.Name", "Fredrik F"), ("Form.Signatory.Email", $"firmatecknare{application.Suffix}@region.test"), ("Form.Signatory.Phone", "070-222 22 22"),
            ("Form.AgreementContact.Name", "Karin K"), ("Form.AgreementContact.Email", $"kontakt{application.Suffix}@region.test"), ("Form.AgreementContact.Phone", "070-333 33 33"));
    }

    private static Application Valid(string number, string suffix) =>
        new(number, "Region Gräns", "Alva Admin", $"admin{suffix}@region.test", suffix);

    private async Task<int> InstancesForAsync(string number)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.CountAsync(i => i.CorrelationId == number);
    }

    private static string Number(string nine) => nine + OrganisationNumber.CheckDigit(nine);

    private static JsonObject Person(string email) => new() { ["name"] = "Namn Namnsson", ["email"] = email, ["phone"] = "070-111 11 11" };

    private sealed record Application(string Number, string Name, string AdministratorName, string AdministratorEmail, string Suffix);
}
