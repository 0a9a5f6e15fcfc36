using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Outbox;

/// <summary>The outbox against a real SMTP server: mail waits while SMTP is down and goes out once when it returns.</summary>
public sealed class SmtpOutboxTests
{
    private static Task<TestEngine> StartWithSmtpAsync(int port, WorkflowsDatabase? database = null, FakeTimeProvider? clock = null) =>
        TestEngine.StartAsync(database, clock, s =>
        {
            s.RemoveAll<IMessageTransport>();
            s.AddSmtpMail(o =>
            {
                o.Host = "127.0.0.1";
                o.Port = port;
                o.Timeout = TimeSpan.FromSeconds(5);
                o.FromAddress = "kundportal@inera.se";
            });
        });

    private static Flow MailFlow() => Flow.Create()
        .Activity("start", "Elsa.Start")
        .Activity("mail", "Elsa.SendEmail", Obj("to", """["bestallare@region.se"]"""), Literal("subject", "Din beställning"), Literal("body", "Hej!"))
        .Activity("task", "Elsa.UserTask", Literal("taskName", "Next"))
        .Connect("start", "Done", "mail").Connect("mail", "Done", "task");

    [Fact]
    public async Task SmtpDown_TheStepSucceeds_MailWaitsWithBackoff_AndIsSentOnceWhenSmtpReturns()
    {
        var port = FreePort.Next();
        await using var engine = await StartWithSmtpAsync(port);
        var flow = MailFlow();
        await engine.PublishAsync(flow.Json);

        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));
        Assert.Equal(WorkflowSubStatus.Suspended, step.SubStatus);

        Assert.Equal(0, await engine.Outbox.DispatchDueAsync());
        var waiting = await engine.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.InstanceId == step.InstanceId));
        Assert.Equal((OutboxStatus.Pending, 1), (waiting.Status, waiting.Attempts));
        Assert.NotNull(waiting.LastError);
        Assert.Equal(engine.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), waiting.NextAttemptAt);
        Assert.Equal(0, await engine.Outbox.DispatchDueAsync());

        engine.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await engine.Outbox.DispatchDueAsync());
        Assert.Equal(engine.Clock.GetUtcNow() + TimeSpan.FromSeconds(60), (await engine.QueryAsync(db => db.Outbox.SingleAsync(m => m.Id == waiting.Id))).NextAttemptAt);

        using var smtp = SimpleSmtpServer.Start(port);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await engine.Outbox.DispatchDueAsync());
        Assert.Equal(0, await engine.Outbox.DispatchDueAsync());

        var received = Assert.Single(smtp.ReceivedEmail);
        Assert.Equal("Din beställning", received.Subject);
        Assert.Equal("bestallare@region.se", received.ToAddresses.Single().Address);
        Assert.Contains(waiting.MessageId, received.Headers["Message-ID"], StringComparison.Ordinal);
        var sent = await engine.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == waiting.Id));
        Assert.Equal((OutboxStatus.Sent, 3), (sent.Status, sent.Attempts));
    }

    [Fact]
    public async Task Dispatch_AfterMaxAttempts_MarksTheMessageFailedForAnOperator()
    {
        await using var engine = await StartWithSmtpAsync(FreePort.Next());
        engine.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkflowsOptions>>().Value.Outbox.MaxAttempts = 2;
        var flow = MailFlow();
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        await engine.Outbox.DispatchDueAsync();
        engine.Clock.Advance(TimeSpan.FromMinutes(5));
        await engine.Outbox.DispatchDueAsync();

        var message = await engine.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.InstanceId == step.InstanceId));
        Assert.Equal((OutboxStatus.Failed, 2), (message.Status, message.Attempts));
    }

    [Fact]
    public async Task Dispatch_FromTwoNodesAtOnce_SendsEachMessageOnce()
    {
        using var smtp = SimpleSmtpServer.Start(FreePort.Next());
        var database = await TestEngine.NewDatabaseAsync();
        await using var node1 = await StartWithSmtpAsync(smtp.Configuration.Port, database);
        await using var node2 = await StartWithSmtpAsync(smtp.Configuration.Port, database, node1.Clock);
        var flow = MailFlow();
        await node1.PublishAsync(flow.Json);
        for (var i = 0; i < 10; i++)
            await node1.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        var sent = await Task.WhenAll(Task.Run(() => node1.Outbox.DispatchDueAsync()), Task.Run(() => node2.Outbox.DispatchDueAsync()));

        Assert.Equal(10, sent.Sum());
        Assert.Equal(10, smtp.ReceivedEmailCount);
        Assert.Equal(10, smtp.ReceivedEmail.Select(m => m.Headers["Message-ID"]).Distinct().Count());
    }

    [Fact]
    public async Task Dispatch_CancelledMidSend_HandsTheMessageBackAtOnce()
    {
        var transport = new HangingTransport();
        await using var engine = await TestEngine.StartAsync(configure: s =>
        {
            s.RemoveAll<IMessageTransport>();
            s.AddSingleton<IMessageTransport>(transport);
        });
        var flow = MailFlow();
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        using var shutdown = new CancellationTokenSource();
        var dispatch = engine.Outbox.DispatchDueAsync(shutdown.Token);
        await transport.Sending.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatch);

        // Not leased to the node that went away: another node sends it now, not after the lease.
        var message = await engine.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.InstanceId == step.InstanceId));
        Assert.Equal((OutboxStatus.Pending, 0, (DateTimeOffset?)null), (message.Status, message.Attempts, message.LockedUntil));
        transport.Hang = false;
        Assert.Equal(1, await engine.Outbox.DispatchDueAsync());
    }

    [Fact]
    public async Task Dispatch_UndeliverableMessage_IsMarkedFailedAtOnce()
    {
        await using var engine = await TestEngine.StartAsync(configure: s =>
        {
            s.RemoveAll<IMessageTransport>();
            s.AddSingleton<IMessageTransport>(new RefusingTransport());
        });
        var flow = MailFlow();
        await engine.PublishAsync(flow.Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest(flow.DefinitionId));

        await engine.Outbox.DispatchDueAsync();
        engine.Clock.Advance(TimeSpan.FromHours(2));
        await engine.Outbox.DispatchDueAsync();

        var message = await engine.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.InstanceId == step.InstanceId));
        Assert.Equal((OutboxStatus.Failed, 1, "UndeliverableMessageException: No such mailbox."), (message.Status, message.Attempts, message.LastError));
    }

    private sealed class RefusingTransport : IMessageTransport
    {
        public string Channel => OutboxChannels.Email;

        public Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken) =>
            throw new UndeliverableMessageException("No such mailbox.");
    }

    private sealed class HangingTransport : IMessageTransport
    {
        public TaskCompletionSource Sending { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Hang { get; set; } = true;

        public string Channel => OutboxChannels.Email;

        public async Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
        {
            if (!Hang)
                return;
            Sending.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
