using System.Net;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Host.Operations;
using Elsa.Kundportal.Operations.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Operations.Tests.Retention;

/// <summary>Retention moves the clock two years on, so it runs on its own host and database.</summary>
public sealed class RetentionTests(OperationsFixture fixture) : IClassFixture<OperationsFixture>
{
    [Fact]
    public void Retention_RunsEveryNightAsAHangfireRecurringJob()
    {
        using var connection = fixture.Host.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var job = Assert.Single(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == RetentionJob.JobId);
        Assert.Equal(Hangfire.Cron.Daily(2), job.Cron);
        Assert.Equal(typeof(RetentionJob), job.Job.Type);
    }

    [Fact]
    public async Task Retention_PreviewsThenErasesThePeopleInFinishedOrders_AndKeepsTheFigures()
    {
        var scenario = fixture.Scenario;
        var customer = await scenario.CustomerAsync("Gallringskommunen");
        var id = await scenario.StartAsync(customer);
        Assert.True((await scenario.PlaceOrderAsync(customer)).Succeeded);
        var running = await scenario.StartAsync(customer);
        var operations = fixture.Host.WithKey(OperationsHost.OperationsKey);
        await Scenario.JsonAsync(await Scenario.PostAsync(operations, $"/api/operations/instances/{id}/cancel", new { reason = "Test av gallring" }));

        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Elsa.Kundportal.Host.Tasks.OneTimeCodes>().SendAsync("gallring@kommun.test", "070-987 65 43", "task", "test", CancellationToken.None);

        var before = await Scenario.JsonAsync(await operations.GetAsync("/api/operations/retention"));
        Assert.Equal(0, (int)before["instances"]!);

        fixture.Host.Clock.Advance(TimeSpan.FromDays(731));
        var preview = await Scenario.JsonAsync(await operations.GetAsync("/api/operations/retention"));
        Assert.Equal(1, (int)preview["instances"]!);
        Assert.True((int)preview["journalEntries"]! > 0);
        var page = await operations.GetAsync("/drift/gallring");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(id.ToString(), await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await fixture.Host.Services.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);

        await using (var db = fixture.Host.Services.GetRequiredService<KundportalDbContextFactory>().CreateDbContext())
        {
            var order = await db.Orders.AsNoTracking().SingleAsync(o => o.WorkflowInstanceId == id);
            Assert.Equal(RetentionService.Erased, order.OrderedByEmail);
            Assert.Equal(RetentionService.Erased, order.OrderedByName);
            Assert.Empty(order.Participants);
            Assert.StartsWith("CS", order.CaseNumber, StringComparison.Ordinal);
        }
        var journal = await scenario.JournalAsync(id);
        Assert.Contains(journal, j => j.Kind == JournalKinds.InstanceCancelled && j.Outcome == WorkflowSubStatus.Cancelled);
        Assert.DoesNotContain(journal, j => j.Actor is not null && j.Actor.Contains('@', StringComparison.Ordinal));
        Assert.All(await scenario.MailsAsync(customer.Orderer), m => Assert.NotEqual(id, m.InstanceId));
        // The order that was still running two years ago is left alone. (Its own expiry timer fell due when the clock
        // moved, so by now it may have ended as expired; it did so after the cutoff, so nothing of it is erased.)
        Assert.Null((await scenario.InstanceAsync(running)).PersonalDataErasedAt);
        // The one-time code's SMS belongs to no instance: its number and text are gone too.
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var sms = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.AsNoTracking()
                .Where(m => m.Channel == OutboxChannels.Sms && m.InstanceId == null).ToListAsync();
            Assert.NotEmpty(sms);
            Assert.All(sms, m => Assert.Equal((RetentionService.Erased, RetentionService.Erased), (m.Recipient, m.Body)));
            Assert.DoesNotContain(sms, m => m.Status == OutboxStatus.Pending);
        }
        Assert.Equal(0, (int)(await Scenario.JsonAsync(await operations.GetAsync("/api/operations/retention")))["instances"]!);
    }
}
