using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Portal;

/// <summary>The role rules, the same on the roles page and in the API, and role changes that take effect at once.</summary>
public sealed partial class RolesTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private readonly PortalJourney _journey = new(fixture);

    [Fact]
    public async Task RemoveButton_WithSeveralRolesListed_RemovesOnlyThatRole()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("212000501", "Borttagskommunen", "bort.test");
        var url = $"/organisation/{customer.Number}/roller";
        using var admin = await _journey.SignedInAsync(customer.Admin);
        var (_, page) = await admin.GetAsync(url);

        var (response, html) = await PressAsync(admin, url, page, $"Ta bort rollen Attestant från Axel Attestant");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        Assert.Contains("togs bort", html, StringComparison.Ordinal);
        Assert.Equal([KundportalRole.Administrator, KundportalRole.Orderer], await RolesInAsync(customer.Number));
    }

    [Fact]
    public async Task Api_AnAdministratorCannotChangeTheMobileOfAnotherOrganisationsPerson()
    {
        await _journey.AgentAsync();
        var a = await _journey.CustomerAsync("212000502", "Kommun A", "a.test");
        var b = await _journey.CustomerAsync("212000503", "Kommun B", "b.test");
        using var adminA = await _journey.SignedInAsync(a.Admin);

        var response = await adminA.Http.PostAsJsonAsync($"/api/kundportal/organisations/{a.Number}/roles",
            new { email = b.Attestant, name = "Axel Attestant", mobile = "070-999 99 99", role = "Attestant" });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("070-200 00 02", await MobileOfAsync(b.Attestant));
        Assert.Equal([KundportalRole.Administrator, KundportalRole.Orderer], (await RolesInAsync(a.Number)).Where(r => r != KundportalRole.Attestant).ToList());
        Assert.DoesNotContain(b.Attestant, await HoldersInAsync(a.Number));
    }

    [Fact]
    public async Task RolesPage_AnAdministratorCannotChangeTheMobileOfAnotherOrganisationsPerson()
    {
        await _journey.AgentAsync();
        var a = await _journey.CustomerAsync("212000504", "Kommun C", "c.test");
        var b = await _journey.CustomerAsync("212000505", "Kommun D", "d.test");
        var url = $"/organisation/{a.Number}/roller";
        using var adminA = await _journey.SignedInAsync(a.Admin);
        var (_, page) = await adminA.GetAsync(url);

        var (_, html) = await adminA.PostFormAsync(url, page, ("_handler", "assign"), ("Add.Email", b.Attestant), ("Add.Name", "Axel Attestant"),
            ("Add.Mobile", "070-999 99 99"), ("Add.Role", "Attestant"));

        Assert.Matches("id=\"mobile-error\">[^<]+", html);
        Assert.Equal("070-200 00 02", await MobileOfAsync(b.Attestant));
    }

    [Fact]
    public async Task RoleRemoved_TakesEffectWithoutANewLogin()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("212000506", "Bytarkommunen", "byt.test");
        var url = $"/organisation/{customer.Number}/roller";
        using var admin = await _journey.SignedInAsync(customer.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).Response.StatusCode);

        await (await fixture.Host.Staff().DeleteAsync($"/api/kundportal/organisations/{customer.Number}/roles?email={customer.Admin}&role=Administrator"))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(url)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Http.GetAsync($"/api/kundportal/organisations/{customer.Number}/roles")).StatusCode);
    }

    /// <summary>Presses the button labelled <paramref name="label"/>: posts its form's hidden fields and the button's own name and value.</summary>
    private static Task<(HttpResponseMessage Response, string Html)> PressAsync(PortalClient client, string url, string page, string label)
    {
        var at = page.IndexOf($"aria-label=\"{label}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"No button '{label}' on the page: {page}");
        var start = page.LastIndexOf("<form", at, StringComparison.Ordinal);
        var end = page.IndexOf("</form>", at, StringComparison.Ordinal);
        var form = page[start..end];
        var fields = Hidden().Matches(form).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Where(f => f.Item1 != "__RequestVerificationToken").ToList();
        var buttonStart = page.LastIndexOf("<button", at, StringComparison.Ordinal);
        var button = page[buttonStart..page.IndexOf('>', at)];
        if (NameValue().Match(button) is { Success: true } nv)
            fields.Add((nv.Groups[1].Value, nv.Groups[2].Value));
        return client.PostFormAsync(url, form, [.. fields]);
    }

    private async Task<List<KundportalRole>> RolesInAsync(string number)
    {
        await using var db = fixture.Host.Services.GetRequiredService<KundportalDbContextFactory>().CreateDbContext();
        return await db.RoleAssignments.Where(r => r.Organisation!.OrganisationNumber == number).Select(r => r.Role).OrderBy(r => r).ToListAsync();
    }

    private async Task<List<string>> HoldersInAsync(string number)
    {
        await using var db = fixture.Host.Services.GetRequiredService<KundportalDbContextFactory>().CreateDbContext();
        return await db.RoleAssignments.Where(r => r.Organisation!.OrganisationNumber == number).Select(r => r.User!.Email).ToListAsync();
    }

    private async Task<string?> MobileOfAsync(string email)
    {
        await using var db = fixture.Host.Services.GetRequiredService<KundportalDbContextFactory>().CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Mobile).SingleAsync();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex Hidden();

    [GeneratedRegex("name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex NameValue();
}
