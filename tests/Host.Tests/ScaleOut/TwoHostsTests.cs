using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Scheduling;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.ScaleOut;

/// <summary>Two host processes on one PostgreSQL (and one Hangfire storage) share the work: nothing is lost, nothing doubled.</summary>
public sealed class TwoHostsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private Mailbox _mail = null!;
    private KundportalHost _a = null!;
    private KundportalHost _b = null!;

    public async Task InitializeAsync()
    {
        var database = await PostgresCluster.Shared.CreateDatabaseAsync("twohosts");
        _mail = Mailbox.Start();
        var settings = new Dictionary<string, string?>
        {
            ["Kundportal:Database"] = "Postgres",
            ["ConnectionStrings:Kundportal"] = database,
            ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
            ["Kundportal:Smtp:Host"] = "127.0.0.1",
            ["Kundportal:Smtp:Port"] = _mail.Port.ToString(CultureInfo.InvariantCulture),
        };
        _a = KundportalHost.Start("Production", settings, _clock);
        _b = KundportalHost.Start("Production", settings, _clock);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _mail.Dispose();
    }

    [Fact]
    public async Task DueTimers_SweptByBothHosts_FireOnceAndEachMailIsSentOnce()
    {
        var definitionId = TestDefinitions.NewId("timers");
        var staff = _a.Staff();
        await (await staff.PostJsonAsync("/elsa/api/workflow-definitions", TestDefinitions.DelayThenMail(definitionId, TimeSpan.FromDays(3), "drift@region.se", "Påminnelse"))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await staff.PostAsync($"/elsa/api/workflow-definitions/{definitionId}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var instances = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            instances.Add((await _a.StartAsync(definitionId)).InstanceId);
            instances.Add((await _b.StartAsync(definitionId)).InstanceId);
        }
        _clock.Advance(TimeSpan.FromDays(3));
        foreach (var host in new[] { _a, _b, _a, _b })
            host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DueWorkJobs>(j => j.SweepAsync(CancellationToken.None));
        await _mail.WaitForAsync(mails => mails.Count >= instances.Count, $"{instances.Count} reminders, one per instance", TimeSpan.FromSeconds(60));

        // Whatever either host still finds to do now must be nothing.
        foreach (var host in new[] { _a, _b })
        {
            Assert.Equal(0, await host.Services.GetRequiredService<DueWorkProcessor>().RunDueTimersAsync());
            Assert.Equal(0, await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());
        }
        Assert.Equal(instances.Count, _mail.Messages.Count);
        Assert.Equal(instances.Count, _mail.Messages.Select(m => m.MessageId).Distinct().Count());
        await using var scope = _b.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var mailSteps = await db.Journal.Where(j => instances.Contains(j.InstanceId) && j.Kind == JournalKinds.ActivityCompleted && j.ActivityId == "mail").CountAsync();
        Assert.Equal(instances.Count, mailSteps);
        Assert.Equal(instances.Count, await db.Instances.CountAsync(i => instances.Contains(i.Id) && i.Status == WorkflowStatus.Finished));
    }

    [Fact]
    public async Task OneTokenPostedToBothHostsAtOnce_IsHandledOnce_TheOtherHostAnswers410()
    {
        var definitionId = await _a.Staff().PublishReviewAsync();
        var tokens = new List<string>();
        for (var i = 0; i < 10; i++)
            tokens.Add((await (i % 2 == 0 ? _a : _b).StartAsync(definitionId)).IssuedTokens.Single().Token);

        var answers = await Task.WhenAll(tokens.SelectMany(token => new[] { _a, _b }.Select(host => host.Staff().PostJsonAsync(
            "/elsa/api/bookmarks/resume", new JsonObject { ["token"] = token, ["input"] = new JsonObject { ["outcome"] = "Godkänn" } }))));

        Assert.Equal(10, answers.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(10, answers.Count(r => r.StatusCode == HttpStatusCode.Gone));
    }
}
