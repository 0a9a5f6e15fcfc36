using System.Globalization;
using System.Net;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Testing.BankId;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.ScaleOut;

/// <summary>
/// The host process killed (SIGKILL: no shutdown, no flushing) in the middle of the process, between Inera's approval
/// and the signatory's BankID signature: a new process on the same database, on another "machine" (its own home
/// folder), carries on. The BankID order the signatory started from the link is still there (its QR code too, whose
/// secret the first host encrypted), the page they had open still works, and every e-mail arrives exactly once.
/// </summary>
public sealed class HostKilledTests
{
    private const string Signatory = "firmatecknare@dodad.test";
    private static readonly TimeSpan LinkTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KilledBetweenTwoSteps_ARestartedHostContinues_NoMailLostOrDoubled()
    {
        var database = await PostgresCluster.Shared.CreateDatabaseAsync("killed");
        using var mail = Mailbox.Start();
        await using (var seeding = KundportalHost.Start(KundportalHost.TestEnvironment, new Dictionary<string, string?>
        {
            ["Kundportal:Database"] = "Postgres",
            ["ConnectionStrings:Kundportal"] = database,
            ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
            ["Kundportal:Smtp:Host"] = "127.0.0.1",
            ["Kundportal:Smtp:Port"] = mail.Port.ToString(CultureInfo.InvariantCulture),
            ["Kundportal:DefinitionsFolder"] = null,
            ["Kundportal:DevTools"] = "true",
            ["Kundportal:DemoData"] = "false",
        }, new FakeTimeProvider(TimeProvider.System.GetUtcNow())))
        {
            await PortalSeed.AgentAndOfficerAsync(seeding.Services);
            await PortalSeed.ApplyAsync(seeding.Services, "232100011", "Region Dödad", "dodad.test");
        }

        await using var bankId = await BankIdStandIn.StartAsync();
        PortalClient signatory;
        string stage, stageHtml, orderRef;
        await using (var first = await HostProcess.StartAsync(database, mail.Port, bankId.Settings))
        {
            // Step one, Inera's approval, through the task page on the first host.
            using var officerBrowser = new PortalClient(first.BaseAddress);
            await officerBrowser.LoginAsync(PortalSeed.Officer, PortalSeed.Password);
            var approvalUrl = $"/tasks/{await mail.TaskTokenAsync(PortalSeed.Officer, timeout: LinkTimeout)}";
            var (_, approvalPage) = await officerBrowser.GetAsync(approvalUrl);
            var (approved, approvedHtml) = await officerBrowser.PostFormAsync(approvalUrl, approvalPage, ("decision", "Approved"), ("action", "submit"));
            Assert.True(approved.StatusCode == HttpStatusCode.OK, approvedHtml);

            // Step two begins: the signatory opens the link (no login) and starts a BankID signature on the first host…
            signatory = new PortalClient(first.BaseAddress);
            bankId.Next(CollectAnswer.Complete());
            (stage, stageHtml) = await BankIdSteps.StartAsync(signatory, await mail.TaskTokenAsync(Signatory, timeout: LinkTimeout), ("decision", "Signed"));
            orderRef = bankId.LastOrder!.OrderRef;

            // …and the host dies before the signature is collected. (Not in the middle of an SMTP conversation: a mail
            // sent but not yet marked as sent would go again after its lease, with the same Message-ID, by design.)
            await using (var outbox = Workflows(database))
                await WaitForAllMailAsync(mail, outbox, first);
            await first.KillAsync();
        }

        await using var second = await HostProcess.StartAsync(database, mail.Port, bankId.Settings);
        using (var sameBrowser = new PortalClient(second.BaseAddress, signatory.Cookies))
        {
            // The same browser (its cookies and the page it had open) goes on against the new host.
            signatory.Dispose();
            signatory = sameBrowser;
            var qr = await signatory.Http.GetAsync($"{stage}/qr");
            Assert.Equal((HttpStatusCode.OK, "image/png"), (qr.StatusCode, qr.Content.Headers.ContentType?.MediaType));
            var (done, doneHtml) = await signatory.PostFormAsync(stage, stageHtml, ("action", "collect"));
            Assert.True(done.StatusCode == HttpStatusCode.OK && doneHtml.Contains("Tack!", StringComparison.Ordinal), doneHtml);
        }

        // The signature's mails (to the customer's administrator about roles) come from the second host.
        await using var db = Workflows(database);
        var decided = await db.Journal.AsNoTracking().SingleAsync(j => j.Kind == "Decision" && j.Actor == Signatory);
        Assert.Equal("Signed", decided.Outcome);
        Assert.Contains(orderRef, decided.Data!, StringComparison.Ordinal);
        var expected = await WaitForAllMailAsync(mail, db, second);
        var ids = mail.Messages.Select(m => m.MessageId).ToList();
        Assert.Equal(expected, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains(mail.Messages, m => Mailbox.IsTo(m, "admin@dodad.test"));
    }

    private static PostgresWorkflowsDbContext Workflows(string database) =>
        new(new DbContextOptionsBuilder<PostgresWorkflowsDbContext>().UseNpgsql(database).UseSnakeCaseNamingConvention().Options);

    /// <summary>
    /// Waits until the SMTP server has every e-mail the outbox holds, and no more are being written. The outbox is read
    /// again on every e-mail that arrives, and between them (a row is marked sent only after its e-mail arrived).
    /// </summary>
    private static async Task<int> WaitForAllMailAsync(Mailbox mail, WorkflowsDbContext db, HostProcess host)
    {
        var state = await Recheck.UntilAsync(
            async () => (Received: mail.Messages.Count, Outbox: await db.Outbox.AsNoTracking().Where(m => m.Channel == OutboxChannels.Email).ToListAsync()),
            s => s.Outbox.All(m => m.SentAt is not null) && s.Received >= s.Outbox.Count,
            "every e-mail in the outbox to be sent and received",
            s => $"the SMTP server has {s.Received} of {s.Outbox.Count} e-mails; waiting: " + string.Join("; ", s.Outbox.Where(m => m.SentAt is null).Select(m =>
                $"{m.Subject} to {m.Recipient} (status {m.Status}, attempts {m.Attempts}, next {m.NextAttemptAt:O}, locked until {m.LockedUntil:O}, error {m.LastError})")) + $"\n{host.Output}",
            TimeSpan.FromSeconds(90), mail.NextMessageAsync);
        return state.Outbox.Count;
    }

}
