using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Host.Tasks;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;

namespace Elsa.Kundportal.Host.Tests.Tasks;

/// <summary>The SMS step-up's own guards, held in the database: codes per person and hour, tries per code, codes listed with their order.</summary>
public sealed class StepUpTests(PortalHostFixture fixture) : IClassFixture<PortalHostFixture>
{
    [Fact]
    public async Task SmsCodes_OverTheHourlyLimitForOnePerson_AreNotSent_UntilTheHourHasPassed()
    {
        const string person = "kodlimit@region.test";
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var codes = scope.ServiceProvider.GetRequiredService<OneTimeCodes>();
        var limit = scope.ServiceProvider.GetRequiredService<PortalRateLimits>().SmsCodesPerHour;

        for (var i = 0; i < limit; i++)
            Assert.NotNull(await codes.SendAsync(person, "070-111 22 33", $"task-{i}", "test", CancellationToken.None));
        Assert.Null(await codes.SendAsync(person, "070-111 22 33", "task-x", "test", CancellationToken.None));
        // Another person is not affected.
        Assert.NotNull(await codes.SendAsync("annan@region.test", "070-111 22 44", "task-x", "test", CancellationToken.None));

        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.NotNull(await codes.SendAsync(person, "070-111 22 33", "task-x", "test", CancellationToken.None));
    }

    [Fact]
    public async Task SmsCode_ManyTriesAtOnce_AllCount_AndTheRightCodeAfterFiveIsRefused()
    {
        const string person = "parallell@region.test";
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<OneTimeCodes>().SendAsync(person, "070-111 22 55", "task-p", "test", CancellationToken.None));
        string code;
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var sms = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox.AsNoTracking().SingleAsync(m => m.Recipient == "070-111 22 55");
            code = Regex.Match(sms.Body, @"\b\d{6}\b").Value;
        }
        var wrong = code == "000000" ? "111111" : "000000";

        var checks = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            await using var scope = fixture.Host.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<OneTimeCodes>().VerifyAsync(person, "task-p", wrong, CancellationToken.None)).Result;
        }));

        Assert.DoesNotContain(CodeCheck.Verified, checks);
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PortalIdentityDbContext>().OneTimeCodes.AsNoTracking().SingleAsync(c => c.Email == person);
            Assert.Equal(OneTimeCodes.MaxTries, stored.FailedAttempts);
            Assert.Equal(CodeCheck.NeedsNewCode, (await scope.ServiceProvider.GetRequiredService<OneTimeCodes>().VerifyAsync(person, "task-p", code, CancellationToken.None)).Result);
        }
    }

    [Fact]
    public async Task SmsCode_ForAnOrdersTask_IsListedWithTheOrderForOperations_WithoutTheCode()
    {
        await PortalSeed.AgentAndOfficerAsync(fixture.Host.Services);
        await PortalSeed.ApplyAsync(fixture.Host.Services, "232100015", "Region Sms", "sms-order.test");
        Guid instanceId;
        string body;
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
            instanceId = await db.Instances.AsNoTracking().Where(i => i.Status == WorkflowStatus.Running).OrderByDescending(i => i.CreatedAt).Select(i => i.Id).FirstAsync();
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<OneTimeCodes>().SendAsync("attest@sms-order.test", "070-111 22 66", "task-o", "test", CancellationToken.None, instanceId));
            body = (await db.Outbox.AsNoTracking().SingleAsync(m => m.Recipient == "070-111 22 66")).Body;
        }

        var instance = await (await fixture.Host.Staff().GetAsync($"/api/operations/instances/{instanceId}")).ExpectJsonAsync(System.Net.HttpStatusCode.OK);
        var sms = Assert.Single(instance["messages"]!.AsArray(), m => (string?)m!["recipient"] == "070-111 22 66")!;
        Assert.Equal(Elsa.Kundportal.Host.Operations.OperationsQueries.SmsBodyHidden, (string?)sms["body"]);
        Assert.DoesNotContain(Regex.Match(body, @"\b\d{6}\b").Value, instance.ToJsonString(), StringComparison.Ordinal);
    }
}
