using System.Net;
using System.Net.Sockets;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.Tasks;

/// <summary>SMTP down while a person answers a task: the step succeeds, its mail waits, and goes once SMTP is back.</summary>
public sealed class SmtpDownTests : IAsyncLifetime
{
    private const string Password = PortalSeed.Password;
    private const string Officer = PortalSeed.Officer;
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private KundportalHost _host = null!;
    private Mailbox _mail = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _mail = Mailbox.Start(_port);
        _host = KundportalHost.StartProduction(await PostgresCluster.Shared.CreateDatabaseAsync("smtpdown"), _port, new Dictionary<string, string?>
        {
            ["Kundportal:Smtp:Timeout"] = "00:00:03",
            ["Kundportal:DefinitionsFolder"] = null,
        }, _clock);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _mail.Dispose();
    }

    [Fact]
    public async Task Approve_WhileSmtpIsDown_StepSucceeds_MailWaitsAndGoesOnceWhenSmtpReturns()
    {
        await PortalSeed.AgentAndOfficerAsync(_host.Services);
        await PortalSeed.ApplyAsync(_host.Services, "232100006", "Region Nere", "nere.test");
        var token = await _mail.TaskTokenAsync(Officer);

        // SMTP goes down; the handläggare approves: the answer is accepted, the mail is queued and its delivery fails.
        _mail.Dispose();
        using var officer = new PortalClient(_host.BaseAddress);
        await officer.LoginAsync(Officer, Password);
        var (_, page) = await officer.GetAsync($"/tasks/{token}");
        var (approved, html) = await officer.PostFormAsync($"/tasks/{token}", page, ("decision", "Approved"), ("action", "submit"));
        Assert.True(approved.StatusCode == HttpStatusCode.OK, html);
        var waiting = await Recheck.UntilAsync(LoginDetailsMailAsync, m => m?.LastError is not null,
            "the failed delivery of the login details to be recorded in the outbox",
            m => m is null ? "no such message in the outbox" : $"{m.Status}, {m.Attempts} attempt(s), no error recorded");
        Assert.Equal(OutboxStatus.Pending, waiting!.Status);

        // SMTP is back; when the retry is due the sweep sends it, once.
        _mail = Mailbox.Start(_port);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        await _host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        Assert.Equal(OutboxStatus.Sent, (await LoginDetailsMailAsync())!.Status);
        var delivered = _mail.Messages.Count(m => m.Subject == "Inloggningsuppgifter till Ineras Kundportal");
        Assert.Equal(1, delivered);
    }

    private async Task<OutboxMessageRecord?> LoginDetailsMailAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Recipient == "admin@nere.test" && m.Subject == "Inloggningsuppgifter till Ineras Kundportal");
    }
}
