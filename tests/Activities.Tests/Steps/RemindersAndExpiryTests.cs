using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Steps;

public sealed class RemindersAndExpiryTests
{
    [Fact]
    public async Task AgentReviewUntouched_RemindsOnDay3And7_ExpiresOnDay30_EveryoneTold()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        var firstLink = await kp.LinkAsync(People.AgentOrderer);

        Assert.Equal(0, await kp.AdvanceAsync(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await kp.AdvanceAsync(TimeSpan.FromMinutes(1)));
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.AgentCaseOfficer, "Påminnelse: Ny beställning att hantera: CS1000001"),
            (People.AgentOrderer, "Påminnelse: Ny beställning att hantera: CS1000001"));
        var reminderLink = await kp.LinkAsync(People.AgentOrderer);
        Assert.NotEqual(firstLink, reminderLink);
        Assert.Equal("agentReview", (await kp.InstanceAsync(id)).WaitingAt);

        Assert.Equal(1, await kp.AdvanceAsync(TimeSpan.FromDays(4)));
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.AgentCaseOfficer, "Påminnelse: Ny beställning att hantera: CS1000001"),
            (People.AgentOrderer, "Påminnelse: Ny beställning att hantera: CS1000001"));
        var reminders = (await kp.JournalAsync(id)).Where(j => j.Kind == "Reminder").ToList();
        Assert.Equal([KundportalHarness.Epoch.AddDays(3), KundportalHarness.Epoch.AddDays(7)], reminders.Select(r => r.Timestamp));
        Assert.Equal($"Påminnelse 2 skickad till {People.AgentOrderer}, {People.AgentCaseOfficer}", reminders[1].Message);

        Assert.Equal(0, await kp.AdvanceAsync(TimeSpan.FromDays(23) - TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await kp.AdvanceAsync(TimeSpan.FromMinutes(1)));
        AssertMails(await kp.MailsSinceAsync(kp.Now),
            (People.AgentCaseOfficer, "Tiden har gått ut: Beställning CS1000001"),
            (People.AgentOrderer, "Tiden har gått ut: Beställning CS1000001"),
            (People.CustomerAdmin, "Tiden har gått ut: Beställning CS1000001"),
            (People.CustomerOrderer, "Tiden har gått ut: Beställning CS1000001"));
        Assert.All(await kp.MailsSinceAsync(kp.Now), m => Assert.Contains(
            "Kontakta Ineras Kundservice om ni vill börja om: e-post kundservice@kundportal.local, telefon 010-000 00 00.", m.Body, StringComparison.Ordinal));

        var instance = await kp.InstanceAsync(id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        var order = await kp.OrderAsync(id);
        Assert.Equal((OrderStatus.Expired, KundportalHarness.Epoch.AddDays(30)), (order.Status, order.ClosedAt));
        var journal = await kp.JournalAsync(id);
        Assert.Contains(journal, j => j.Kind == "Expired" && j.ActivityId == "agentReview" && j.Outcome == "Expired");
        Assert.Equal("Expired", journal.Single(j => j.ActivityId == "endExpired" && j.Kind == JournalKinds.Note).Outcome);
        foreach (var token in new[] { firstLink, reminderLink })
            Assert.NotEqual(ResumeOutcome.Resumed, (await kp.AnswerTokenAsync(token, People.AgentOrderer, Proceed())).Outcome);
        Assert.Equal(0, await kp.AdvanceAsync(TimeSpan.FromDays(60)));
    }

    [Fact]
    public async Task LinkPastItsExpiry_IsRefusedAsExpired_EvenBeforeTheTimerRuns()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        await kp.StartExistingCustomerAsync();
        kp.Clock.Advance(TimeSpan.FromDays(30));

        var result = await kp.AnswerAsync(People.CustomerOrderer, Order());

        Assert.Equal(ResumeOutcome.Expired, result.Outcome);
    }

    [Fact]
    public async Task RolesNeverAssigned_AdministratorReminded_ThenTheOrderEndsAsExpired()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync(attestant: false);
        var id = await kp.StartExistingCustomerAsync();

        await kp.AdvanceAsync(TimeSpan.FromDays(3));
        var reminder = Assert.Single(await kp.MailsSinceAsync(kp.Now));
        Assert.Equal((People.CustomerAdmin, "Påminnelse: Roller saknas i Kundportalen för Kommunen"), (reminder.Recipient, reminder.Subject));
        Assert.Contains("- Attestant", reminder.Body, StringComparison.Ordinal);

        Assert.Equal(1, await kp.AdvanceAsync(TimeSpan.FromDays(4)));
        Assert.Equal(1, await kp.AdvanceAsync(TimeSpan.FromDays(23)));
        AssertMails(await kp.MailsSinceAsync(kp.Now), (People.CustomerAdmin, "Tiden har gått ut: roller saknas för Kommunen"));
        Assert.Contains("e-post kundservice@kundportal.local, telefon 010-000 00 00", (await kp.MailsSinceAsync(kp.Now))[0].Body, StringComparison.Ordinal);
        Assert.Equal(WorkflowStatus.Finished, (await kp.InstanceAsync(id)).Status);
        Assert.Equal(0, await kp.AssignAsync(People.ExistingCustomerNumber, People.CustomerAttestant, "Axel Attestant", KundportalRole.Attestant));
    }

    [Fact]
    public async Task TimingEditedInTheDesigner_IsUsed()
    {
        await using var kp = await CreateAsync();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DefinitionsFolder, "kundportal-agent-order.v2.json")))!.AsObject();
        var placeOrder = json["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "placeOrder")!;
        placeOrder["firstReminderAfter"]!["expression"]!["value"] = "P1D";
        placeOrder["secondReminderAfter"]!["expression"]!["value"] = "PT0S";
        placeOrder["expiresAfter"]!["expression"]!["value"] = "P5D";
        json["version"] = 3;
        Assert.Equal(3, (await kp.Definitions.ImportAsync(json.ToJsonString(), publish: true, "designer")).Definition.Version);
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();
        var id = await kp.StartExistingCustomerAsync();
        Assert.Equal(3, (await kp.InstanceAsync(id)).Version);

        Assert.Equal(1, await kp.AdvanceAsync(TimeSpan.FromDays(1)));
        Assert.Equal(0, await kp.AdvanceAsync(TimeSpan.FromDays(3)));
        Assert.Equal(1, await kp.AdvanceAsync(TimeSpan.FromDays(1)));
        Assert.Equal(WorkflowStatus.Finished, (await kp.InstanceAsync(id)).Status);
        Assert.Equal(
            ["Nu kan Kommunen beställa via Journalsystem AB", "Påminnelse: Nu kan Kommunen beställa via Journalsystem AB", "Tiden har gått ut: Beställning via Journalsystem AB"],
            (await kp.MailsAsync()).Select(m => m.Subject));
    }
}
