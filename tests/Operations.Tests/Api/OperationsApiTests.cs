using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Operations.Tests.Support;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Operations.Tests.Api;

public sealed class OperationsApiTests(OperationsFixture fixture) : IClassFixture<OperationsFixture>
{
    private const string Definition = "kundportal-agent-order";
    private readonly Scenario _scenario = fixture.Scenario;
    private readonly HttpClient _operations = fixture.Host.WithKey(OperationsHost.OperationsKey);

    [Fact]
    public async Task Overview_CountsWaitingOrdersByStep_WithTheStepsSwedishNames()
    {
        var customer = await _scenario.CustomerAsync("Trattkommunen");
        await _scenario.StartAsync(customer, version: 2);

        var overview = await Scenario.JsonAsync(await _operations.GetAsync("/api/operations/overview"));

        var version2 = overview["funnel"]!.AsArray().Single(f => (string?)f!["definitionId"] == Definition && (int)f["version"]! == 2)!;
        var placeOrder = version2["steps"]!.AsArray().Single(s => (string?)s!["activityId"] == "placeOrder")!;
        Assert.Equal("Beställning", (string?)placeOrder["name"]);
        Assert.True((int)placeOrder["count"]! >= 1);
        Assert.Contains(version2["steps"]!.AsArray(), s => (string?)s!["name"] == "Agenten granskar beställningen");
        Assert.True(overview["throughput"]!.AsArray().Sum(d => (int)d!["started"]!) >= 1);
        Assert.Contains(overview["attention"]!.AsArray(), a => (string?)a!["key"] == "faulted");
    }

    [Fact]
    public async Task List_FindsOrdersByOrganisationNameOrNumber_AndPagesByKeysetWithoutOverlap()
    {
        var customer = await _scenario.CustomerAsync("Sökbara kommunen");
        var started = new List<Guid>();
        for (var i = 0; i < 3; i++)
            started.Add(await _scenario.StartAsync(customer));

        var first = await Scenario.JsonAsync(await _operations.GetAsync("/api/operations/instances?organisation=s%C3%B6kbara&pageSize=2"));
        var next = (string?)first["next"];
        Assert.NotNull(next);
        var second = await Scenario.JsonAsync(await _operations.GetAsync($"/api/operations/instances?organisation=s%C3%B6kbara&pageSize=2&after={next}"));
        Assert.Null((string?)second["next"]);
        var ids = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => Guid.Parse((string)i!["id"]!)).ToList();
        Assert.Equal(started.OrderBy(x => x), ids.OrderBy(x => x));
        Assert.All(first["items"]!.AsArray(), i => Assert.Equal("Sökbara kommunen", (string?)i!["organisationName"]));

        var byNumber = await Scenario.JsonAsync(await _operations.GetAsync($"/api/operations/instances?organisation={customer.Number[..6]}-{customer.Number[6..]}"));
        Assert.Equal(3, byNumber["items"]!.AsArray().Count);
        var atStep = await Scenario.JsonAsync(await _operations.GetAsync($"/api/operations/instances?organisation={customer.Number}&step=placeOrder&status=Running"));
        Assert.Equal(3, atStep["items"]!.AsArray().Count);
        Assert.All(atStep["items"]!.AsArray(), i => Assert.Equal("Beställning", (string?)i!["waitingAtNames"]![0]));
        var elsewhere = await Scenario.JsonAsync(await _operations.GetAsync($"/api/operations/instances?organisation={customer.Number}&step=agentReview"));
        Assert.Empty(elsewhere["items"]!.AsArray());
        var nobody = await Scenario.JsonAsync(await _operations.GetAsync("/api/operations/instances?organisation=Finns%20inte%20AB"));
        Assert.Empty(nobody["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await _operations.GetAsync("/api/operations/instances?status=Sleeping")).StatusCode);
    }

    [Fact]
    public async Task FailedBankIdOrCode_IsCounted_AndListedUnderNeedsAttention()
    {
        var customer = await _scenario.CustomerAsync("Stegkommunen");
        var id = await _scenario.StartAsync(customer);
        var failed = await _scenario.Runtime.AddJournalEntryAsync(id, JournalKinds.StepUpFailed, "BankID misslyckades (userCancel)",
            new JsonObject { ["method"] = "BankID", ["hintCode"] = "userCancel" }, customer.Orderer);
        Assert.Equal(InstanceCommandOutcome.Done, failed.Outcome);

        var overview = await Scenario.JsonAsync(await _operations.GetAsync("/api/operations/overview"));
        var item = overview["attention"]!.AsArray().Single(a => (string?)a!["key"] == "stepup-failed")!;
        Assert.True((int)item["count"]! >= 1);
        var listed = await Scenario.JsonAsync(await _operations.GetAsync($"/api/operations/instances?attention=stepup-failed&organisation={customer.Number}"));
        Assert.Equal(id, Guid.Parse((string)Assert.Single(listed["items"]!.AsArray())!["id"]!));
    }

    [Fact]
    public async Task ResendLink_MailsTheRecipientANewLink_AndTheOldLinkIsRefused()
    {
        var customer = await _scenario.CustomerAsync("Länkkommunen");
        var id = await _scenario.StartAsync(customer);
        var oldToken = await _scenario.LinkAsync(customer.Orderer);
        var link = Assert.Single(await _scenario.ActiveLinksAsync(id));

        var refused = await Scenario.PostAsync(_operations, $"/api/operations/bookmarks/{link.Id}/resend", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var answer = await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/bookmarks/{link.Id}/resend", new { reason = "Mejlet kom aldrig fram" }));
        Assert.Contains(customer.Orderer, (string?)answer["message"], StringComparison.Ordinal);

        var tokens = await _scenario.LinksAsync(customer.Orderer);
        Assert.Equal(2, tokens.Count);
        var newToken = Assert.Single(tokens, t => t != oldToken);
        var old = await _scenario.Runtime.ResumeAsync(BookmarkAddress.ByToken(oldToken), new ResumeRequest(customer.Orderer));
        Assert.Equal(ResumeOutcome.AlreadyHandled, old.Outcome);
        Assert.Equal(BookmarkStatus.Withdrawn, old.HandledHow);
        var reissued = Assert.Single(await _scenario.JournalAsync(id), j => j.Kind == JournalKinds.BookmarkReissued);
        Assert.Equal(OperationsHost.OperationsActor, reissued.Actor);
        Assert.Contains("Mejlet kom aldrig fram", reissued.Message, StringComparison.Ordinal);
        var placed = await _scenario.PlaceOrderAsync(customer, newToken);
        Assert.True(placed.Succeeded, placed.Message);
    }

    [Fact]
    public async Task ResendLink_OfATaskAddressedToNoOne_GivesTheOperatorTheNewTokenOnce_AndMailsOrStoresItNowhere()
    {
        var (id, oldToken) = await _scenario.MachineTaskAsync();
        var link = Assert.Single(await _scenario.ActiveLinksAsync(id));

        var answer = await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/bookmarks/{link.Id}/resend", new { reason = "Systemet tappade svaret" }));

        var newToken = (string?)answer["token"];
        Assert.False(string.IsNullOrEmpty(newToken));
        Assert.NotEqual(oldToken, newToken);
        Assert.Contains("ingen mottagare", (string?)answer["message"], StringComparison.Ordinal);
        Assert.DoesNotContain(" till .", (string?)answer["message"], StringComparison.Ordinal);
        Assert.DoesNotContain(newToken!, (string?)answer["message"], StringComparison.Ordinal);
        var old = await _scenario.Runtime.ResumeAsync(BookmarkAddress.ByToken(oldToken), new ResumeRequest("maskin"));
        Assert.Equal(ResumeOutcome.AlreadyHandled, old.Outcome);

        // Shown once: nothing the host keeps (journal, outbox, logs, the instance view) holds the token.
        var journal = await _scenario.JournalAsync(id);
        Assert.Single(journal, j => j.Kind == JournalKinds.BookmarkReissued);
        Assert.DoesNotContain(journal, j => $"{j.Message} {j.Data}".Contains(newToken!, StringComparison.Ordinal));
        var view = await (await _operations.GetAsync($"/api/operations/instances/{id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(newToken!, view, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Host.Logs.Lines, l => l.Contains(newToken!, StringComparison.Ordinal));
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Outbox;
            Assert.False(await outbox.AnyAsync(m => m.InstanceId == id));
        }

        var resumed = await _scenario.Runtime.ResumeAsync(BookmarkAddress.ByToken(newToken!), new ResumeRequest("maskin"));
        Assert.Equal(ResumeOutcome.Resumed, resumed.Outcome);
    }

    [Fact]
    public async Task Retry_RunsTheFaultedStepAgain_WithTheOperatorAndReasonInTheJournal()
    {
        var (id, number) = await _scenario.StartApplicationWithoutIneraOfficerAsync("Incidentkommunen");
        Assert.Equal(WorkflowSubStatus.Faulted, (await _scenario.InstanceAsync(id)).SubStatus);

        var faulted = await Scenario.JsonAsync(await _operations.GetAsync($"/api/operations/instances?attention=faulted&organisation={number}"));
        Assert.Equal(id, Guid.Parse((string)faulted["items"]![0]!["id"]!));
        var view = await Scenario.JsonAsync(await _operations.GetAsync($"/api/operations/instances/{id}"));
        Assert.Contains("Inera handläggare", (string?)view["incidents"]![0]!["message"], StringComparison.Ordinal);

        await _scenario.AssignIneraOfficerAsync();
        await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/retry", new { reason = "Inera har nu en handläggare" }));

        var instance = await _scenario.InstanceAsync(id);
        Assert.NotEqual(WorkflowSubStatus.Faulted, instance.SubStatus);
        Assert.Contains("approveApplication", instance.WaitingAt, StringComparison.Ordinal);
        var retried = Assert.Single(await _scenario.JournalAsync(id), j => j.Kind == JournalKinds.IncidentRetried);
        Assert.Equal(OperationsHost.OperationsActor, retried.Actor);
        Assert.Equal("Inera har nu en handläggare", retried.Message);
        var again = await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/retry", new { reason = "igen" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Cancel_RecordsTheReasonAndTheOperator_AndRefusesTwice()
    {
        var customer = await _scenario.CustomerAsync("Avbrytarkommunen");
        var id = await _scenario.StartAsync(customer);

        Assert.Equal(HttpStatusCode.BadRequest, (await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/cancel", new { reason = "" })).StatusCode);
        await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/cancel", new { reason = "Kunden ångrade beställningen" }));

        Assert.Equal(WorkflowSubStatus.Cancelled, (await _scenario.InstanceAsync(id)).SubStatus);
        var cancelled = Assert.Single(await _scenario.JournalAsync(id), j => j.Kind == JournalKinds.InstanceCancelled);
        Assert.Equal(("Kunden ångrade beställningen", OperationsHost.OperationsActor), (cancelled.Message, cancelled.Actor));
        Assert.Empty(await _scenario.ActiveLinksAsync(id));
        Assert.Equal(HttpStatusCode.Conflict, (await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/cancel", new { reason = "igen" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Scenario.PostAsync(_operations, $"/api/operations/instances/{Guid.NewGuid()}/cancel", new { reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task Migrate_DryRunShowsWhereEachWaitingStepMaps_AndApplyingMovesTheInstance()
    {
        var customer = await _scenario.CustomerAsync("Flyttkommunen");
        var id = await _scenario.StartAsync(customer, version: 1);

        var dry = await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/migrate", new { targetVersion = 2, dryRun = true }));
        var plan = dry["plan"]!;
        Assert.True((bool)plan["allowed"]!);
        Assert.False((bool)plan["applied"]!);
        var step = Assert.Single(plan["steps"]!.AsArray());
        Assert.Equal(("placeOrder", true), ((string?)step!["activityId"], (bool)step["maps"]!));
        Assert.Equal(1, (await _scenario.InstanceAsync(id)).Version);

        Assert.Equal(HttpStatusCode.BadRequest, (await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/migrate", new { targetVersion = 2, dryRun = false })).StatusCode);
        var applied = await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/migrate", new { targetVersion = 2, dryRun = false, reason = "Ny version av processen" }));
        Assert.True((bool)applied["plan"]!["applied"]!);
        Assert.Equal(2, (await _scenario.InstanceAsync(id)).Version);
        var migrated = Assert.Single(await _scenario.JournalAsync(id), j => j.Kind == JournalKinds.InstanceMigrated);
        Assert.Equal(("Ny version av processen", OperationsHost.OperationsActor), (migrated.Message, migrated.Actor));

        var same = await Scenario.JsonAsync(await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/migrate", new { targetVersion = 2, dryRun = true }));
        Assert.False((bool)same["plan"]!["allowed"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await Scenario.PostAsync(_operations, $"/api/operations/instances/{id}/migrate", new { targetVersion = 9, dryRun = true })).StatusCode);
    }

    [Fact]
    public async Task Bulk_CancelsEveryOrderTheFilterSelects_AndNoOther()
    {
        var customer = await _scenario.CustomerAsync("Bulkkommunen");
        var other = await _scenario.CustomerAsync("Grannkommunen");
        var ids = new[] { await _scenario.StartAsync(customer), await _scenario.StartAsync(customer) };
        var spared = await _scenario.StartAsync(other);

        var result = await Scenario.JsonAsync(await Scenario.PostAsync(_operations, "/api/operations/instances/bulk",
            new { action = "cancel", reason = "Dubbletter", filter = new { organisation = customer.Number, status = "Running" } }));

        Assert.Equal((2, 2), ((int)result["selected"]!, (int)result["done"]!));
        foreach (var id in ids)
            Assert.Equal(WorkflowSubStatus.Cancelled, (await _scenario.InstanceAsync(id)).SubStatus);
        Assert.Equal(WorkflowStatus.Running, (await _scenario.InstanceAsync(spared)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Scenario.PostAsync(_operations, "/api/operations/instances/bulk",
            new { action = "cancel", reason = "", filter = new { organisation = other.Number } })).StatusCode);
    }

    [Fact]
    public async Task Api_IsForOperationsAndStaffOnly()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Host.Staff().GetAsync("/api/operations/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Host.Anonymous().GetAsync("/api/operations/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.WithKey(OperationsHost.CustomerKey).GetAsync("/api/operations/overview")).StatusCode);
    }
}
