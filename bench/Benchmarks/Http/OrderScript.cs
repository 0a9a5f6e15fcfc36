using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Testing.BankId;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>What every order of a run shares: the host, the mail, the seeded people and the signed-in shared staff.</summary>
internal sealed class OrderContext(Uri baseAddress, MailRouter mail, PortalPeople people, Browser officer, Browser agentOrderer, Browser agentAttestant, HostLogAnalysis? analysis)
{
    /// <summary>How long a person waits for an e-mail before the order counts as failed.</summary>
    public static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(60);

    public Uri BaseAddress { get; } = baseAddress;

    public MailRouter Mail { get; } = mail;

    public PortalPeople People { get; } = people;

    /// <summary>Inera's handläggare, signed in once for the run (staff stay signed in and handle one application after another).</summary>
    public Browser Officer { get; } = officer;

    /// <summary>The agent's beställare, signed in once for the run.</summary>
    public Browser AgentOrderer { get; } = agentOrderer;

    /// <summary>The agent's attestant, signed in once for the run.</summary>
    public Browser AgentAttestant { get; } = agentAttestant;

    /// <summary>The analysis of the host's logs, when asked for; it is told which step each task link is for.</summary>
    public HostLogAnalysis? Analysis { get; } = analysis;
}

/// <summary>
/// One full order over HTTP, as the people do it, on the published version 2 of kundportal-agent-order: the customer's
/// application form; Inera approves (task link from the e-mail); the firmatecknare signs from the link, without login,
/// with BankID (the Relying Party API's TLS stand-in: start, the stage page, collect); the customer's administrator signs in and adds a Beställare and an Attestant on the role
/// page; the Beställare places the order; the agent reviews it and attests it with BankID; the customer's Attestant
/// attests it with BankID; done when the agent's handläggare gets the technical handover e-mail. Each order has its own
/// customer (organisation number, name and people's addresses), so every e-mail is tied to its order by its recipient,
/// or, for the agent's and Inera's people, by the customer's name in it.
/// </summary>
internal sealed partial class OrderScript(OrderContext context, PhaseLog log, int number)
{
    public const string LoginLabel = "login (POST)";

    private readonly string _nine = "232" + number.ToString("D6", CultureInfo.InvariantCulture);
    private readonly string _name = "Benchmarkregion " + number.ToString("D6", CultureInfo.InvariantCulture);
    private readonly string _domain = $"kund{number.ToString("D6", CultureInfo.InvariantCulture)}.test";

    private string Number => _nine + OrganisationNumber.CheckDigit(_nine).ToString(CultureInfo.InvariantCulture);

    private string Person(string role) => $"{role}@{_domain}";

    /// <summary>Runs the order to its end; false (with the failure in the log) if any request or e-mail was not as expected.</summary>
    public async Task<bool> RunAsync()
    {
        log.Starting();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await StepsAsync();
            log.Completed(Stopwatch.GetElapsedTime(started));
            return true;
        }
        catch (OrderFailed e)
        {
            log.Failure(e.Step, e.Message);
            return false;
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            log.Failure("(order)", $"{e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    private async Task StepsAsync()
    {
        string admin = Person("admin"), signatory = Person("firmatecknare"), orderer = Person("bestallare"), attestant = Person("attestant");
        // Everyone's account is ready beforehand, as if each had already chosen a password through the e-mailed link.
        // (The firmatecknare has none: the agreement is signed from the link with BankID alone.)
        await context.People.AccountsAsync(admin, orderer, attestant);

        using (var applicant = new Browser(context.BaseAddress))
        {
            var form = await ExpectAsync("application form (GET)", RequestKind.Other, applicant.GetAsync("/ansokan"), HttpStatusCode.OK);
            await ExpectAsync("application (POST)", RequestKind.Other, applicant.PostFormAsync("/ansokan", form,
                ("_handler", "application"), ("Form.OrganisationNumber", Number), ("Form.OrganisationName", _name),
                ("Form.AgentOrganisationNumber", PortalPeople.Agent),
                ("Form.Administrator.Name", "Alva Admin"), ("Form.Administrator.Email", admin), ("Form.Administrator.Phone", "070-111 11 11"),
                ("Form.Signatory.Name", "Fredrik Firmatecknare"), ("Form.Signatory.Email", signatory), ("Form.Signatory.Phone", "070-222 22 22"),
                ("Form.Signatory.PersonalNumber", TestPersonalNumbers.For(signatory)),
                ("Form.AgreementContact.Name", "Karin Kontakt"), ("Form.AgreementContact.Email", Person("kontakt")), ("Form.AgreementContact.Phone", "070-333 33 33")),
                HttpStatusCode.OK, "Ansökan är skickad");
        }

        await AnswerAsync(context.Officer, await LinkAsync("approveApplication", PortalPeople.Officer, _name), "approveApplication", ("decision", "Approved"));

        var signLink = await LinkAsync("signAgreement", signatory, "");
        using (var browser = new Browser(context.BaseAddress))
            await BankIdAsync(browser, signLink, "signAgreement", "Signed");

        using (var browser = await SignInAsync(admin))
        {
            var rolesUrl = $"/organisation/{Number}/roller";
            var page = await ExpectAsync("roles page (GET)", RequestKind.Other, browser.GetAsync(rolesUrl), HttpStatusCode.OK);
            foreach (var (email, name, mobile, role) in new[] { (orderer, "Britt Beställare", "070-444 44 44", "Orderer"), (attestant, "Axel Attestant", "070-555 55 55", "Attestant") })
            {
                page = await ExpectAsync("roles page: add a person (POST)", RequestKind.Other, browser.PostFormAsync(rolesUrl, page,
                    ("_handler", "assign"), ("Add.Email", email), ("Add.Name", name), ("Add.Mobile", mobile),
                    ("Add.PersonalNumber", TestPersonalNumbers.For(email)), ("Add.Role", role)),
                    HttpStatusCode.OK, $"{name} har rollen");
            }
        }

        var placeLink = await LinkAsync("placeOrder", orderer, "");
        using (var browser = await SignInAsync(orderer))
        {
            await AnswerAsync(browser, placeLink, "placeOrder",
                ("serviceCode", "NPO"), ("offeringCode", "NPO-PRODUCENT"),
                ("careUnits[0].hsaId", "SE2321000016-15BK"), ("careUnits[0].name", "Vårdcentralen Norr"),
                ("careUnits[1].hsaId", ""), ("careUnits[1].name", ""), ("careUnits[2].hsaId", ""), ("careUnits[2].name", ""),
                ("termsAccepted", "true"));
        }

        await AnswerAsync(context.AgentOrderer, await LinkAsync("agentReview", PortalPeople.AgentOrderer, _name), "agentReview",
            ("decision", "Proceed"), ("termsAccepted", "true"), ("invoicing.organisationNumber", "556677-8899"),
            ("invoicing.reference", $"Kst {number}"), ("invoicing.address", "Box 1, 111 11 Stockholm"), ("attestantEmail", PortalPeople.AgentAttestant));

        await BankIdAsync(context.AgentAttestant, await LinkAsync("agentAttestation", PortalPeople.AgentAttestant, _name), "agentAttestation", "Attested", ("method", "BankID"));

        var attestLink = await LinkAsync("customerAttestation", attestant, "");
        using (var browser = await SignInAsync(attestant))
            await BankIdAsync(browser, attestLink, "customerAttestation", "Attested", ("method", "BankID"));

        await MailAsync("technical handover", PortalPeople.AgentCaseOfficer, $"Påbörja teknisk anslutning: {_name}");
    }

    /// <summary>Waits for the task link e-mailed for <paramref name="step"/>, timed from the answer that sent it.</summary>
    private async Task<string> LinkAsync(string step, string recipient, string about)
    {
        var label = $"e-mail: {step} link";
        var started = Stopwatch.GetTimestamp();
        try
        {
            var link = await context.Mail.TaskLinkAsync(recipient, about, OrderContext.MailTimeout);
            log.Request(label, RequestKind.Mail, Stopwatch.GetElapsedTime(started));
            context.Analysis?.Link(link, step);
            return link;
        }
        catch (TimeoutException e)
        {
            throw new OrderFailed(label, e.Message);
        }
    }

    private async Task MailAsync(string what, string recipient, string subject)
    {
        var label = $"e-mail: {what}";
        var started = Stopwatch.GetTimestamp();
        try
        {
            await context.Mail.MailAsync(recipient, subject, OrderContext.MailTimeout);
            log.Request(label, RequestKind.Mail, Stopwatch.GetElapsedTime(started));
        }
        catch (TimeoutException e)
        {
            throw new OrderFailed(label, e.Message);
        }
    }

    private async Task<Browser> SignInAsync(string email)
    {
        var browser = new Browser(context.BaseAddress);
        try
        {
            var page = await ExpectAsync("login page (GET)", RequestKind.Other, browser.GetAsync("/login"), HttpStatusCode.OK);
            await ExpectAsync(LoginLabel, RequestKind.Other, browser.PostFormAsync("/login", page,
                ("_handler", "login"), ("Input.Email", email), ("Input.Password", PortalPeople.Password), ("ReturnUrl", "/")), HttpStatusCode.Redirect);
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    private async Task AnswerAsync(Browser browser, string token, string step, params (string Name, string Value)[] fields)
    {
        var url = $"/tasks/{token}";
        var form = await ExpectAsync($"{step}: task page (GET)", RequestKind.Other, browser.GetAsync(url), HttpStatusCode.OK);
        await ExpectAsync($"{step}: answer (POST)", RequestKind.TaskAnswer, browser.PostFormAsync(url, form, [.. fields, ("action", "submit")]), HttpStatusCode.OK, "Tack!");
    }

    /// <summary>
    /// A decision confirmed with BankID: start on the task page (the host starts a sign order at BankID's stand-in and
    /// sends the browser to the BankID stage), open the stage, then "Jag har skrivit under", which collects the completed
    /// order, records the proof and answers the step.
    /// </summary>
    private async Task BankIdAsync(Browser browser, string token, string step, string decision, params (string Name, string Value)[] extra)
    {
        var url = $"/tasks/{token}";
        var form = await ExpectAsync($"{step}: task page (GET)", RequestKind.Other, browser.GetAsync(url), HttpStatusCode.OK);
        var started = await ExpectAsync($"{step}: BankID start (POST)", RequestKind.TaskBankIdStart,
            browser.PostFormAsync(url, form, [("decision", decision), .. extra, ("action", "submit")]), HttpStatusCode.Redirect);
        var stageUrl = started.Location ?? throw Unexpected($"{step}: BankID start (POST)", started, "a redirect to the BankID stage");
        var stage = await ExpectAsync($"{step}: BankID stage (GET)", RequestKind.Other, browser.GetAsync(stageUrl), HttpStatusCode.OK);
        await ExpectAsync($"{step}: BankID collect, answer (POST)", RequestKind.TaskAnswer,
            browser.PostFormAsync(stageUrl, stage, ("action", "collect")), HttpStatusCode.OK, "Tack!");
    }

    /// <summary>Times the request, then checks its status (and text, if given); anything else fails the order.</summary>
    private async Task<Page> ExpectAsync(string label, RequestKind kind, Task<Page> request, HttpStatusCode status, string? contains = null)
    {
        Page page;
        try
        {
            page = await request;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new OrderFailed(label, $"{e.GetType().Name}: {e.Message}");
        }
        log.Request(label, kind, page.Elapsed);
        if (page.Status != status || (contains is not null && !page.Text.Contains(contains, StringComparison.Ordinal)))
            throw Unexpected(label, page, contains is null ? $"expected {(int)status}" : $"expected {(int)status} with \"{contains}\"");
        return page;
    }

    private static OrderFailed Unexpected(string label, Page page, string expected)
    {
        var heading = Heading().Match(page.Text) is { Success: true } h ? h.Groups[1].Value.Trim() : "";
        var errors = string.Join(" ", FieldError().Matches(page.Text).Select(m => m.Groups[1].Value.Trim()));
        return new OrderFailed(label, $"{(int)page.Status} ({expected}) {heading} {errors}".Trim());
    }

    [GeneratedRegex("<h1[^>]*>([^<]*)</h1>")]
    private static partial Regex Heading();

    [GeneratedRegex("class=\"field-error\"[^>]*>([^<]*)<")]
    private static partial Regex FieldError();

    private sealed class OrderFailed(string step, string message) : Exception(message)
    {
        public string Step { get; } = step;
    }
}
