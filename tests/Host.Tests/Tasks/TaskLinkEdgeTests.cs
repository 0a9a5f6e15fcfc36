using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Tasks;

/// <summary>Edges of the personal task links: two submissions at once, a link whose task someone else handled, Inera's own queue.</summary>
public sealed partial class TaskLinkEdgeTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    private readonly PortalJourney _journey = new(fixture);

    [Fact]
    public async Task SmsCode_SubmittedTwiceAtOnce_OneAttestation_TheOtherReadsAlreadyHandled()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("212000301", "Dubbelkommunen", "dubbel.test");
        await _journey.PlaceOrderAsync(customer);
        await _journey.ReviewAsync(customer);

        var url = $"/tasks/{await fixture.Mail.TaskTokenAsync(PortalJourney.AgentAttestant, customer.Name)}";
        using var browser = await _journey.SignedInAsync(PortalJourney.AgentAttestant);
        var (_, form) = await browser.GetAsync(url);
        var (_, codePage) = await browser.PostFormAsync(url, form, ("decision", "Attested"), ("method", "SMS"), ("action", "submit"));
        var code = await _journey.SmsCodeAsync("070-100 00 01");

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            browser.PostFormAsync(url, codePage, ("decision", "Attested"), ("method", "SMS"), ("code", code), ("action", "verify-sms"))));

        var winner = Assert.Single(answers, a => a.Response.StatusCode == HttpStatusCode.OK);
        Assert.Contains("Tack!", winner.Html, StringComparison.Ordinal);
        foreach (var loser in answers.Where(a => a.Response.StatusCode != HttpStatusCode.OK))
        {
            Assert.True(loser.Response.StatusCode == HttpStatusCode.Gone, $"{(int)loser.Response.StatusCode}: {loser.Html}");
            Assert.Contains($"redan hanterad av {PortalJourney.AgentAttestant}", loser.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("försök", loser.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task LinkOfATaskAnotherRecipientHandled_SaysWhoHandledItAndWhen()
    {
        await _journey.AgentAsync();
        var customer = await _journey.CustomerAsync("212000302", "Syskonkommunen", "syskon.test");
        await _journey.PlaceOrderAsync(customer);
        // The review goes to the agent's Beställare and its Handläggare agent; the Beställare answers first.
        var officerToken = await fixture.Mail.TaskTokenAsync(PortalJourney.AgentCaseOfficer, customer.Name);
        await _journey.ReviewAsync(customer);

        using var officer = await _journey.SignedInAsync(PortalJourney.AgentCaseOfficer);
        var (response, html) = await officer.GetAsync($"/tasks/{officerToken}");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains($"redan hanterad av {PortalJourney.AgentOrderer}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("återkallades", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpeningAnApplicationFromTheQueue_SendsNoMail_AndTheMailedLinkStillWorks()
    {
        await _journey.AgentAsync();
        await PortalSeed.ApplyAsync(fixture.Host.Services, "232100301", "Region Kö", "ko.test");
        var mailed = await fixture.Mail.TaskTokenAsync(PortalJourney.Officer, "Region Kö");
        var before = await MailsToAsync(PortalJourney.Officer);

        using var officer = await _journey.SignedInAsync(PortalJourney.Officer);
        var (_, queue) = await officer.GetAsync("/inera/ansokningar");
        var row = queue[queue.IndexOf("Region Kö", StringComparison.Ordinal)..];
        HttpResponseMessage opened;
        string page;
        if (QueueLink().Match(row) is { Success: true } link)
        {
            (opened, page) = await officer.GetAsync(link.Groups[1].Value);
        }
        else
        {
            var (redirect, _) = await officer.PostFormAsync(QueueForm().Match(row).Groups[1].Value, queue);
            (opened, page) = await officer.GetAsync(redirect.Headers.Location!.OriginalString);
        }

        Assert.True(opened.StatusCode == HttpStatusCode.OK, page);
        Assert.Contains("Granska kundansökan från Region Kö", page, StringComparison.Ordinal);
        var (mailedLink, mailedPage) = await officer.GetAsync($"/tasks/{mailed}");
        Assert.True(mailedLink.StatusCode == HttpStatusCode.OK, mailedPage);
        Assert.Equal(before, await MailsToAsync(PortalJourney.Officer));
    }

    /// <summary>The e-mails to <paramref name="email"/> in the outbox: every mail is a row there from the moment its step commits.</summary>
    private async Task<int> MailsToAsync(string email)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.CountAsync(m => m.Recipient == email);
    }

    [GeneratedRegex("href=\"(/[^\"]+)\"[^>]*>Granska")]
    private static partial Regex QueueLink();

    [GeneratedRegex("action=\"(/inera/ansokningar/[0-9a-f-]+)\"")]
    private static partial Regex QueueForm();
}
