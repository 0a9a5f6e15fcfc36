using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using netDumbster.smtp;
using static Elsa.Kundportal.Host.Tests.Support.TestDefinitions;

namespace Elsa.Kundportal.Host.Tests.ScaleOut;

/// <summary>The host process killed between two steps: a new process on the same database carries on.</summary>
public sealed class HostKilledTests
{
    private static JsonObject TwoSteps(string definitionId) => Flowchart(definitionId,
        [
            Activity("start", "Elsa.Start"),
            Activity("first", "Elsa.UserTask", ("taskName", Literal("Första steget"))),
            Activity("mail1", "Elsa.SendEmail", ("to", ToAddress()), ("subject", Literal("Steg 1 klart")), ("body", Literal("Första steget är gjort."))),
            Activity("second", "Elsa.UserTask", ("taskName", Literal("Andra steget"))),
            Activity("mail2", "Elsa.SendEmail", ("to", ToAddress()), ("subject", Literal("Steg 2 klart")), ("body", Literal("Andra steget är gjort."))),
            Activity("end", "Elsa.End"),
        ],
        [("start", "Done", "first"), ("first", "Done", "mail1"), ("mail1", "Done", "second"), ("second", "Done", "mail2"), ("mail2", "Done", "end")]);

    private static JsonObject ToAddress() => new() { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"drift@region.se\"]" } };

    [Fact]
    public async Task KilledBetweenTwoSteps_ARestartedHostContinues_NoMailLostOrDoubled()
    {
        var database = await PostgresCluster.Shared.CreateDatabaseAsync("killed");
        using var smtp = SimpleSmtpServer.Start();
        var firstMail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondMail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        smtp.MessageReceived += (_, _) =>
        {
            if (smtp.ReceivedEmailCount >= 1)
                firstMail.TrySetResult();
            if (smtp.ReceivedEmailCount >= 2)
                secondMail.TrySetResult();
        };
        var definitionId = NewId("killed");
        string secondToken;
        Guid instanceId;

        await using (var first = await HostProcess.StartAsync(database, smtp.Configuration.Port))
        {
            var staff = first.Staff();
            await (await staff.PostJsonAsync("/elsa/api/workflow-definitions", TwoSteps(definitionId))).ExpectJsonAsync(HttpStatusCode.OK);
            await (await staff.PostAsync($"/elsa/api/workflow-definitions/{definitionId}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);
            var started = await (await staff.PostJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new JsonObject())).ExpectJsonAsync(HttpStatusCode.OK);
            instanceId = Guid.Parse((string)started["instanceId"]!);
            var firstToken = (string)started["issuedTokens"]![0]!["token"]!;
            var step = await (await staff.PostJsonAsync("/elsa/api/bookmarks/resume", new JsonObject { ["token"] = firstToken })).ExpectJsonAsync(HttpStatusCode.OK);
            secondToken = (string)step["issuedTokens"]![0]!["token"]!;
            await firstMail.Task.WaitAsync(TimeSpan.FromSeconds(60));

            await first.KillAsync();
        }

        await using var second = await HostProcess.StartAsync(database, smtp.Configuration.Port);
        var client = second.Staff();
        await (await client.PostJsonAsync("/elsa/api/bookmarks/resume", new JsonObject { ["token"] = secondToken })).ExpectJsonAsync(HttpStatusCode.OK);
        await secondMail.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var instance = await (await client.GetAsync($"/elsa/api/workflow-instances/{instanceId}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Finished", (string?)instance["instance"]!["status"]);
        Assert.Equal(["Steg 1 klart", "Steg 2 klart"], smtp.ReceivedEmail.Select(m => m.Subject).Order());
        Assert.Equal(2, smtp.ReceivedEmail.Select(m => m.Headers["Message-ID"]).Distinct().Count());
    }
}
