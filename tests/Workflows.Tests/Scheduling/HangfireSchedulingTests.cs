using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Scheduling;
using Elsa.Kundportal.Workflows.Tests.Support;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Scheduling;

/// <summary>Hangfire executes the due work; the database decides what is due.</summary>
public sealed class HangfireSchedulingTests
{
    [Fact]
    public async Task SweepJob_RunByAHangfireServer_FiresTheDueTimerAndDeliversItsMail()
    {
        var storage = new InMemoryStorage();
        await using var engine = await TestEngine.StartAsync(configure: s =>
        {
            s.AddWorkflowsHangfire();
            s.AddSingleton<JobStorage>(storage);
            s.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(storage));
        });
        var flow = Flow.Create()
            .Activity("start", "Elsa.Start")
            .Activity("delay", "Elsa.Delay", Literal("timeSpan", "P3D"))
            .Activity("mail", "Elsa.SendEmail", Obj("to", """["ops@inera.se"]"""), Literal("subject", "Påminnelse"))
            .Connect("start", "Done", "delay").Connect("delay", "Done", "mail");
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        engine.Clock.Advance(TimeSpan.FromDays(3));

        using var server = new BackgroundJobServer(
            new BackgroundJobServerOptions { WorkerCount = 1, SchedulePollingInterval = TimeSpan.FromMilliseconds(100), Activator = new ServiceProviderActivator(engine.Services) },
            storage);
        new BackgroundJobClient(storage).Enqueue<DueWorkJobs>(j => j.SweepAsync(CancellationToken.None));

        await engine.Mail.WhenSentAsync(1, TimeSpan.FromSeconds(30));

        Assert.Equal("Påminnelse", Assert.Single(engine.Mail.Sent).Subject);
        Assert.Equal(WorkflowStatus.Finished, (await engine.InstanceAsync(step.InstanceId)).Status);
    }

    [Fact]
    public async Task CommittedTimer_IsScheduledAsADelayedHangfireJobAtItsResumeTime()
    {
        var storage = new InMemoryStorage();
        await using var engine = await TestEngine.StartAsync(configure: s =>
        {
            s.AddWorkflowsHangfire();
            s.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(storage));
        });
        var flow = Flow.Create().Activity("start", "Elsa.Start").Activity("delay", "Elsa.Delay", Literal("timeSpan", "P3D")).Connect("start", "Done", "delay");
        await engine.PublishAsync(flow.Json);

        await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        var scheduled = storage.GetMonitoringApi().ScheduledJobs(0, 10);
        var job = Assert.Single(scheduled).Value;
        Assert.Equal(nameof(DueWorkJobs.ResumeTimerAsync), job.Job.Method.Name);
        Assert.Equal(engine.Clock.GetUtcNow().AddDays(3).UtcDateTime, job.EnqueueAt);
    }

    private sealed class ServiceProviderActivator(IServiceProvider services) : JobActivator
    {
        public override object ActivateJob(Type jobType) => ActivatorUtilities.GetServiceOrCreateInstance(services, jobType);
    }
}
