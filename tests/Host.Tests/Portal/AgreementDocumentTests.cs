using System.Net;
using System.Text;
using Elsa.Kundportal.Activities.Agreements;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing.BankId;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace Elsa.Kundportal.Host.Tests.Portal;

/// <summary>
/// The kundavtal as a document, over real HTTP on PostgreSQL with BankID's TLS stand-in: the signatory reads the whole
/// text before signing, BankID signs that version, the record keeps the version and its SHA-256, and afterwards the
/// Kontaktperson för avtalet signs in, reads it and downloads a PDF that opens and names the version and the hash;
/// someone from another organisation is refused.
/// </summary>
public sealed class AgreementDocumentTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private const string Password = "Testlosen-2026";
    private const string Officer = "handlaggare@inera.test";
    private const string Signatory = "firmatecknare@avtal.test";
    private const string Contact = "kontakt@avtal.test";
    private const string Admin = "admin@avtal.test";
    private const string Stranger = "admin@annan.test";

    [Fact]
    public async Task SignedAgreement_TextBeforeSigning_VersionAndHashOnRecord_PdfForTheContactPerson_OthersRefused()
    {
        var customer = await SeedAndApplyAsync("232100051");
        await AnswerAsync(Officer, "Region Avtal", ("decision", "Approved"));
        var text = CustomerAgreementText.Current;

        // The signatory opens the e-mailed link without login and reads the whole agreement.
        var token = await fixture.Mail.TaskTokenAsync(Signatory, "Signera kundavtalet");
        using var signatory = new PortalClient(fixture.Host.BaseAddress);
        var (page, html) = await signatory.GetAsync($"/tasks/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"agreement-text\"", html, StringComparison.Ordinal);
        foreach (var block in text.Blocks)
            Assert.Contains(block.Text, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains(text.Sha256, html, StringComparison.Ordinal);

        // BankID signs a document that names the version and its SHA-256.
        await BankIdSteps.ConfirmAsync(signatory, token, fixture.Clock, ("decision", "Signed"));
        var order = fixture.BankId.LastOrder!;
        Assert.Contains($"Avtalstext: version {text.Version}", order.UserVisibleText, StringComparison.Ordinal);
        Assert.Contains(text.Sha256, order.UserVisibleText, StringComparison.Ordinal);

        Agreement agreement;
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            await using var db = scope.ServiceProvider.GetRequiredService<KundportalDbContextFactory>().CreateDbContext();
            var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.OrganisationNumber == customer);
            agreement = await db.Agreements.AsNoTracking().SingleAsync(a => a.OrganisationId == organisation.Id);
        }
        Assert.Equal(AgreementStatus.Signed, agreement.Status);
        Assert.Equal(text.Version, agreement.TextVersion);
        Assert.Equal(text.Sha256, agreement.TextSha256);
        Assert.Equal((string)order.Request["userNonVisibleData"]!, agreement.SignedDocumentHash);

        // The mail to the contact person links to the agreement's page.
        var pageUrl = $"/organisation/{customer}/avtal";
        var mail = await fixture.Mail.WaitForMessageAsync(m => Mailbox.IsTo(m, Contact) && (m.Subject ?? "").Contains("är signerat", StringComparison.Ordinal), "the signed mail");
        Assert.Contains(pageUrl, mail.TextBody, StringComparison.Ordinal);

        // Not signed in: to the login page.
        using (var anonymous = new PortalClient(fixture.Host.BaseAddress))
        {
            var (challenge, _) = await anonymous.GetAsync(pageUrl);
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            Assert.Contains("/login", challenge.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        // The contact person signs in and reads it: version, signed by, when, hash, and the whole text.
        await SetPasswordAsync(Contact);
        using var contact = new PortalClient(fixture.Host.BaseAddress);
        await contact.LoginAsync(Contact, Password);
        var (agreementPage, agreementHtml) = await contact.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, agreementPage.StatusCode);
        Assert.Contains($"Version {text.Version}", agreementHtml, StringComparison.Ordinal);
        Assert.Contains("Fredrik Firmatecknare, företrädare/firmatecknare, med BankID", WebUtility.HtmlDecode(agreementHtml), StringComparison.Ordinal);
        Assert.Contains(MailText.Date(agreement.SignedAt!.Value), agreementHtml, StringComparison.Ordinal);
        Assert.Contains(text.Sha256, agreementHtml, StringComparison.Ordinal);
        Assert.Contains(text.Blocks[^1].Text, WebUtility.HtmlDecode(agreementHtml), StringComparison.Ordinal);

        // The PDF opens, has pages, and carries the version and the hash.
        var pdfUrl = $"{pageUrl}/{agreement.Id}/pdf";
        Assert.Contains($"href=\"{pdfUrl}\"", agreementHtml, StringComparison.Ordinal);
        using var pdf = await contact.Http.GetAsync(pdfUrl);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        using (var document = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import))
        {
            Assert.True(document.PageCount >= 1);
            var content = string.Join("\n", Enumerable.Range(0, document.PageCount).Select(i => TextOf(ContentReader.ReadContent(document.Pages[i]))));
            Assert.Contains($"Avtalstext: version {text.Version}", content, StringComparison.Ordinal);
            Assert.Contains(text.Sha256, content, StringComparison.Ordinal);
            Assert.Contains("Fredrik Firmatecknare", content, StringComparison.Ordinal);
            Assert.Contains("Kundavtal mellan Region Avtal och Inera AB", content, StringComparison.Ordinal);
        }

        // The Administratör may read it too; an unknown agreement is 404.
        await SetPasswordAsync(Admin);
        using (var admin = new PortalClient(fixture.Host.BaseAddress))
        {
            await admin.LoginAsync(Admin, Password);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(pageUrl)).Response.StatusCode);
            using var unknown = await admin.Http.GetAsync($"{pageUrl}/{Guid.NewGuid()}/pdf");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // The Administratör of another organisation is refused the page and the PDF, with Swedish pages.
        using var stranger = new PortalClient(fixture.Host.BaseAddress);
        await stranger.LoginAsync(Stranger, Password);
        var (refused, refusedHtml) = await stranger.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Ingen behörighet", WebUtility.HtmlDecode(refusedHtml), StringComparison.Ordinal);
        Assert.DoesNotContain(text.Sha256, refusedHtml, StringComparison.Ordinal);
        using var refusedPdf = await stranger.Http.GetAsync(pdfUrl);
        Assert.Equal(HttpStatusCode.Forbidden, refusedPdf.StatusCode);
        Assert.Contains("Ingen behörighet", WebUtility.HtmlDecode(await refusedPdf.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    /// <summary>The strings a page's content stream shows (Tj, TJ, ' and "), one text operator per line.</summary>
    private static string TextOf(CObject content)
    {
        var text = new StringBuilder();
        void Walk(CObject item)
        {
            switch (item)
            {
                case COperator op when op.OpCode.Name is "Tj" or "TJ" or "'" or "\"":
                    foreach (var operand in op.Operands)
                        Walk(operand);
                    text.Append('\n');
                    break;
                case CString s:
                    text.Append(s.Value);
                    break;
                case CSequence sequence:
                    foreach (var child in sequence)
                        Walk(child);
                    break;
            }
        }
        Walk(content);
        return text.ToString();
    }

    private async Task<string> SeedAndApplyAsync(string nine)
    {
        var services = fixture.Host.Services;
        var roles = services.GetRequiredService<RoleAdministration>();
        var agent = "556677889" + OrganisationNumber.CheckDigit("556677889");
        await roles.SaveOrganisationAsync(agent, "Journalsystem AB", OrganisationKind.Agent);
        await PersonAsync(roles, CatalogueSeed.IneraOrganisationNumber, Officer, "Ingrid Inera", KundportalRole.IneraCaseOfficer);
        var other = "232100052" + OrganisationNumber.CheckDigit("232100052");
        await roles.SaveOrganisationAsync(other, "Region Annan", OrganisationKind.Customer, hasCustomerAgreement: true);
        await PersonAsync(roles, other, Stranger, "Anders Annan", KundportalRole.Administrator);

        var number = nine + OrganisationNumber.CheckDigit(nine);
        var result = await services.GetRequiredService<AgentOrderProcess>().StartAsync(new AgentOrderStart
        {
            OrganisationNumber = number,
            AgentOrganisationNumber = agent,
            Application = new ApplicationForm
            {
                OrganisationName = "Region Avtal",
                Administrator = new ContactDetails { Name = "Alva Admin", Email = Admin, Phone = "070-111 11 11" },
                Signatory = new ContactDetails
                {
                    Name = "Fredrik Firmatecknare", Email = Signatory, Phone = "070-222 22 22", PersonalNumber = TestPersonalNumbers.For(Signatory),
                },
                AgreementContact = new ContactDetails { Name = "Karin Kontakt", Email = Contact, Phone = "070-333 33 33" },
            },
        }, Admin);
        Assert.True(result.Started, result.Message);
        return number;
    }

    private async Task AnswerAsync(string email, string subject, params (string Name, string Value)[] fields)
    {
        var url = $"/tasks/{await fixture.Mail.TaskTokenAsync(email, subject)}";
        using var browser = new PortalClient(fixture.Host.BaseAddress);
        await browser.LoginAsync(email, Password);
        var (_, form) = await browser.GetAsync(url);
        var (response, html) = await browser.PostFormAsync(url, form, [.. fields, ("action", "submit")]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
    }

    private async Task PersonAsync(RoleAdministration roles, string organisation, string email, string name, KundportalRole role)
    {
        await roles.SaveUserAsync(email, name, "070-123 45 67");
        await roles.AssignRoleAsync(organisation, email, role, "test");
        await SetPasswordAsync(email);
    }

    private async Task SetPasswordAsync(string email)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PortalSignIn>().SetPasswordAsync(email, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
