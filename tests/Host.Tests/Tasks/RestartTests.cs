using System.Net;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing.BankId;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.Tasks;

/// <summary>
/// The host stops between two steps (right after a person answered, before its mail may have gone) and a new host starts
/// on the same database: the process goes on from the next link, and every e-mail arrives exactly once.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private const string Password = PortalSeed.Password;
    private const string Officer = PortalSeed.Officer;
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private Mailbox _mail = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _mail = Mailbox.Start();
        _database = await PostgresCluster.Shared.CreateDatabaseAsync("restart");
    }

    public Task DisposeAsync()
    {
        _mail.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task HostStoppedBetweenSteps_NewHostOnSameDatabase_ContinuesWithoutLostOrDoubledMail()
    {
        string signingLink;
        await using var bankId = await BankIdStandIn.StartAsync();
        await using (var first = Start(bankId))
        {
            await PortalSeed.AgentAndOfficerAsync(first.Services);
            await PortalSeed.ApplyAsync(first.Services, "232100008", "Region Omstart", "omstart.test");
            var approval = await _mail.TaskTokenAsync(Officer);

            using var officer = new PortalClient(first.BaseAddress);
            await officer.LoginAsync(Officer, Password);
            var (_, page) = await officer.GetAsync($"/tasks/{approval}");
            var (approved, html) = await officer.PostFormAsync($"/tasks/{approval}", page, ("decision", "Approved"), ("action", "submit"));
            Assert.True(approved.StatusCode == HttpStatusCode.OK, html);
            // The host goes away at once, without waiting for the approval's mail.
        }

        await using var second = Start(bankId);
        signingLink = await _mail.TaskTokenAsync("firmatecknare@omstart.test");
        // The signatory declines from the link, confirming with BankID (no login).
        using var signatory = new PortalClient(second.BaseAddress);
        await BankIdSteps.ConfirmAsync(signatory, signingLink, _clock, ("decision", "Declined"), ("reason", "Fel avtal"));

        await using var scope2 = second.Services.CreateAsyncScope();
        var db = scope2.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var outbox = await db.Outbox.AsNoTracking().Where(m => m.Channel == OutboxChannels.Email).ToListAsync();
        var received = await _mail.WaitForAsync(mails => mails.Count >= outbox.Count, $"{outbox.Count} e-mails, as many as the outbox holds");
        var ids = received.Select(m => m.MessageId).ToList();
        Assert.Equal(outbox.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var instance = await db.Instances.AsNoTracking().SingleAsync();
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
    }

    private KundportalHost Start(BankIdStandIn bankId) => KundportalHost.StartProduction(_database, _mail.Port, new Dictionary<string, string?>(bankId.Settings)
    {
        ["Kundportal:DefinitionsFolder"] = null,
    }, _clock);
}
