using System.Net;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Host.Tasks;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Workflows;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Host.Tests.Sms;

/// <summary>
/// SMS one-time codes through the HTTP gateway, end to end: the code is written to the outbox, Hangfire hands it to
/// the gateway in the test, and failures are retried by the outbox on the host's clock until it gives up.
/// </summary>
public sealed partial class SmsGatewayTests(SmsGatewayHostFixture fixture) : IClassFixture<SmsGatewayHostFixture>
{
    private FakeSmsGateway Gateway => fixture.Gateway;

    [Fact]
    public async Task OneTimeCode_ReachesTheGateway_WithBasicAuthTheSenderTheE164NumberAndTheText()
    {
        var (row, code) = await SendCodeAsync("070-123 45 67");

        var request = Assert.Single(await Gateway.WaitForRequestsAsync(row.Id, 1));
        Assert.Equal(FakeSmsGateway.Basic(FakeSmsGateway.Username, FakeSmsGateway.Password), request.Authorization);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType, StringComparison.Ordinal);
        Assert.Equal(SmsGatewayHostFixture.Sender, request.Form["from"]);
        Assert.Equal("+46701234567", request.Form["to"]);
        Assert.Equal(row.Body, request.Form["message"]);
        Assert.StartsWith($"Din engångskod till Inera Kundportal är {code}.", request.Form["message"], StringComparison.Ordinal);
        Assert.Equal(row.Id.ToString(), request.IdempotencyKey);
        Assert.Equal(["from", "message", "to"], request.Form.Keys.Order(StringComparer.Ordinal));

        var sent = await WaitForRowAsync(row.Id, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(1, sent.Attempts);
        Assert.Null(sent.LastError);

        // The logs name the outbox message and the gateway's answer; never the text, the code or the number.
        var logged = fixture.Logs.Messages.ToList();
        Assert.Contains(logged, m => m.Contains($"SMS {row.Id} accepted by the gateway: 200", StringComparison.Ordinal));
        foreach (var secret in new[] { row.Body, $"är {code}", "+46701234567", "46701234567", "0701234567", "070-123 45 67", "123 45 67" })
            Assert.DoesNotContain(logged, m => m.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(logged, m => m.Contains("SMS one-time codes cannot be delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gateway500ThenOk_IsRetriedWhenDue_AndDeliveredOnce()
    {
        Gateway.Script("+46702222222", GatewayAnswer.With(500), GatewayAnswer.Ok);
        var (row, _) = await SendCodeAsync("070-222 22 22");

        await Gateway.WaitForRequestsAsync(row.Id, 1);
        var failed = await WaitForRowAsync(row.Id, m => m.Attempts == 1 && m.LastError is not null && m.LockedUntil is null);
        Assert.Equal(OutboxStatus.Pending, failed.Status);
        Assert.Contains("The SMS gateway answered 500", failed.LastError, StringComparison.Ordinal);
        // The gateway's text repeated the number; the outbox keeps it with the digits masked.
        Assert.Contains("Could not send to +########### right now", failed.LastError, StringComparison.Ordinal);
        Assert.True(failed.NextAttemptAt > fixture.Clock.GetUtcNow(), "The retry waits for its backoff.");

        await RetryWhenDueAsync(failed);
        var sent = await WaitForRowAsync(row.Id, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(2, sent.Attempts);

        // Later sweeps leave a sent message alone: the gateway got it once.
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await Dispatcher.DispatchDueAsync();
        Assert.Equal([500, 200], Gateway.Requests(row.Id).Select(r => r.Answer.Status));
    }

    [Fact]
    public async Task GatewayDown_MessageStaysPending_AndIsDeliveredWhenTheGatewayIsBack()
    {
        OutboxMessageRecord row, waiting;
        await Gateway.StopAsync();
        try
        {
            (row, _) = await SendCodeAsync("070-333 33 33");
            waiting = await WaitForRowAsync(row.Id, m => m.Attempts == 1 && m.LastError is not null && m.LockedUntil is null);
            Assert.Equal(OutboxStatus.Pending, waiting.Status);
            Assert.Contains("The SMS gateway could not be reached", waiting.LastError, StringComparison.Ordinal);

            await RetryWhenDueAsync(waiting);
            waiting = await WaitForRowAsync(row.Id, m => m.Attempts == 2 && m.LockedUntil is null);
            Assert.Equal(OutboxStatus.Pending, waiting.Status);
        }
        finally
        {
            await Gateway.StartAsync();
        }

        await RetryWhenDueAsync(waiting);
        var sent = await WaitForRowAsync(row.Id, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(3, sent.Attempts);
        Assert.Equal(200, Assert.Single(Gateway.Requests(row.Id)).Answer.Status);
    }

    [Fact]
    public async Task GatewayTimeout_OnTheHostsClock_MessageStaysPending_AndIsDeliveredWhenTheGatewayAnswers()
    {
        Gateway.Script("+46704444444", GatewayAnswer.None, GatewayAnswer.Ok);
        var (row, _) = await SendCodeAsync("070-444 44 44");

        // The gateway holds the request; the host gives up when its clock passes the timeout.
        await Gateway.WaitForRequestsAsync(row.Id, 1);
        fixture.Clock.Advance(SmsGatewayHostFixture.GatewayTimeout);
        var waiting = await WaitForRowAsync(row.Id, m => m.Attempts == 1 && m.LastError is not null && m.LockedUntil is null);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.Equal("TimeoutException: The SMS gateway did not answer within 5 s.", waiting.LastError);

        await RetryWhenDueAsync(waiting);
        var sent = await WaitForRowAsync(row.Id, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal([0, 200], Gateway.Requests(row.Id).Select(r => r.Answer.Status));
    }

    [Fact]
    public async Task Gateway401_IsNotRetried_AndShowsAsAFailedSmsOnTheDashboard()
    {
        var failedBefore = await FailedSmsOnTheDashboardAsync();
        Gateway.Script("+46705555555", GatewayAnswer.With(401));
        var (row, _) = await SendCodeAsync("070-555 55 55");

        var failed = await WaitForRowAsync(row.Id, m => m.Status == OutboxStatus.Failed);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("The SMS gateway refused the message with 401 Unauthorized (\"API access denied\"). Another attempt will not help", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await Dispatcher.DispatchDueAsync());
        Assert.Single(Gateway.Requests(row.Id));
        Assert.Equal(failedBefore + 1, await FailedSmsOnTheDashboardAsync());
    }

    [Fact]
    public async Task NumberThatCannotReceiveSms_IsNotSentToTheGateway_AndTheOutboxSaysWhy()
    {
        var (row, _) = await SendCodeAsync("08-123 456 78");

        var failed = await WaitForRowAsync(row.Id, m => m.Status == OutboxStatus.Failed);
        Assert.StartsWith("UndeliverableSmsException: The recipient's number (ending in 78) cannot receive SMS", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("123 456", failed.LastError, StringComparison.Ordinal);
        Assert.Empty(Gateway.Requests(row.Id));
    }

    [Fact]
    public async Task GatewayDownUntilTheCodeHasExpired_TheLateSmsIsNotSent()
    {
        Gateway.Script("+46706666666", GatewayAnswer.With(503), GatewayAnswer.Ok);
        var (row, _) = await SendCodeAsync("070-666 66 66");
        var waiting = await WaitForRowAsync(row.Id, m => m.Attempts == 1 && m.LastError is not null && m.LockedUntil is null);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);

        fixture.Clock.Advance(OneTimeCodes.Lifetime);
        await RetryWhenDueAsync(waiting);

        var failed = await WaitForRowAsync(row.Id, m => m.Status == OutboxStatus.Failed);
        Assert.Contains("the one-time code in it expired", failed.LastError, StringComparison.Ordinal);
        Assert.Equal([503], Gateway.Requests(row.Id).Select(r => r.Answer.Status));
    }

    private OutboxDispatcher Dispatcher => fixture.Host.Services.GetRequiredService<OutboxDispatcher>();

    /// <summary>A new code for a new person, as the task page asks for one; returns its outbox row and the code.</summary>
    private async Task<(OutboxMessageRecord Row, string Code)> SendCodeAsync(string mobile)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var codes = scope.ServiceProvider.GetRequiredService<OneTimeCodes>();
        await codes.SendAsync($"attestant-{Guid.NewGuid():N}@sms.test", mobile, Guid.NewGuid().ToString(), "attest av beställningen för Region Sms", CancellationToken.None);
        var row = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.AsNoTracking()
            .SingleAsync(m => m.Channel == OutboxChannels.Sms && m.Recipient == mobile);
        return (row, SixDigits().Match(row.Body).Value);
    }

    /// <summary>Moves the host's clock to the message's next attempt and runs the dispatcher, as the sweep would.</summary>
    private async Task RetryWhenDueAsync(OutboxMessageRecord message)
    {
        var wait = message.NextAttemptAt - fixture.Clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
            fixture.Clock.Advance(wait);
        await Dispatcher.DispatchDueAsync();
    }

    /// <summary>
    /// The message once it satisfies <paramref name="condition"/>. Attempts also run on Hangfire's workers (the first
    /// one always), so the row is read until it gets there, for at most 30 seconds.
    /// </summary>
    private Task<OutboxMessageRecord> WaitForRowAsync(Guid id, Func<OutboxMessageRecord, bool> condition) =>
        Recheck.UntilAsync(async () =>
            {
                await using var scope = fixture.Host.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.AsNoTracking().SingleAsync(m => m.Id == id);
            },
            condition, $"outbox message {id} to get there",
            row => $"{row.Status}, {row.Attempts} attempt(s), locked until {row.LockedUntil}, last error {row.LastError}", TimeSpan.FromSeconds(30));

    /// <summary>The "failed SMS" count, from the operations API and on the dashboard page, which must agree.</summary>
    private async Task<int> FailedSmsOnTheDashboardAsync()
    {
        using var staff = fixture.Host.Staff();
        var overview = await (await staff.GetAsync("/api/operations/overview")).ExpectJsonAsync(HttpStatusCode.OK);
        var count = (int)overview["attention"]!.AsArray().Single(a => (string?)a!["key"] == "sms-failed")!["count"]!;
        var page = await staff.GetStringAsync("/drift");
        var shown = DashboardSmsFailed().Match(System.Net.WebUtility.HtmlDecode(page));
        Assert.True(shown.Success, page);
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), shown.Groups[1].Value);
        return count;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"attention-count"">(\d+)</span> <span class=""attention-label"">SMS \(engångskod\) som inte gick att skicka")]
    private static partial Regex DashboardSmsFailed();
}
