using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;

namespace Elsa.Kundportal.Host.Tests.Api;

public sealed class WorkflowInstancesApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private const string Instances = "/elsa/api/workflow-instances";
    private readonly KundportalHost _host = fixture.Host;
    private readonly HttpClient _staff = fixture.Host.Staff();

    [Fact]
    public async Task List_FiltersAndPages()
    {
        var id = await _staff.PublishReviewAsync();
        var correlation = Guid.NewGuid().ToString("N");
        var first = await _host.StartAsync(id, correlation);
        // Instance ids carry their creation time to the millisecond; the host's clock stands still until moved.
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _host.StartAsync(id);
        await (await _staff.PostJsonAsync($"{Instances}/{second.InstanceId}/cancel", new JsonObject { ["reason"] = "Test" })).ExpectJsonAsync(HttpStatusCode.OK);

        var all = await (await _staff.GetAsync($"{Instances}?definitionId={id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, all["totalCount"]!.GetValue<int>());
        // Newest first.
        Assert.Equal(second.InstanceId.ToString(), all["items"]![0]!["id"]!.GetValue<string>());

        var suspended = await (await _staff.GetAsync($"{Instances}?definitionId={id}&status=Running&subStatus=Suspended")).ExpectJsonAsync(HttpStatusCode.OK);
        var only = Assert.Single(suspended["items"]!.AsArray());
        Assert.Equal(first.InstanceId.ToString(), only!["id"]!.GetValue<string>());
        Assert.Equal(["review"], only["waitingAt"]!.AsArray().Select(w => w!.GetValue<string>()));

        var cancelled = await (await _staff.GetAsync($"{Instances}?definitionId={id}&subStatus=Cancelled")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(second.InstanceId.ToString(), Assert.Single(cancelled["items"]!.AsArray())!["id"]!.GetValue<string>());

        var byCorrelation = await (await _staff.GetAsync($"{Instances}?correlationId={correlation}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(first.InstanceId.ToString(), Assert.Single(byCorrelation["items"]!.AsArray())!["id"]!.GetValue<string>());

        var page = await (await _staff.GetAsync($"{Instances}?definitionId={id}&page=1&pageSize=1")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, page["totalCount"]!.GetValue<int>());
        Assert.Equal(first.InstanceId.ToString(), Assert.Single(page["items"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("subStatus=Paused", "subStatus")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=-1", "page")]
    public async Task List_BadFilter_Is400NamingTheParameter(string query, string parameter)
    {
        var problem = await (await _staff.GetAsync($"{Instances}?{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task Get_ShowsVariablesAndBookmarksWithoutTokens()
    {
        var id = await _staff.PublishReviewAsync();
        var step = await _host.StartAsync(id);

        var details = await (await _staff.GetAsync($"{Instances}/{step.InstanceId}/details")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Suspended", details["instance"]!["subStatus"]!.GetValue<string>());
        var bookmark = Assert.Single(details["bookmarks"]!.AsArray());
        Assert.Equal("review", bookmark!["activityId"]!.GetValue<string>());
        Assert.Equal("Active", bookmark["status"]!.GetValue<string>());
        Assert.DoesNotContain(step.IssuedTokens[0].Token, details.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(bookmark["tokenHash"]);
    }

    [Fact]
    public async Task Journal_RecordsWhoDidWhatInOrder()
    {
        var id = await _staff.PublishReviewAsync();
        var step = await _host.StartAsync(id);
        var resume = new JsonObject { ["token"] = step.IssuedTokens[0].Token, ["input"] = new JsonObject { ["outcome"] = "Godkänn" } };
        await (await _staff.PostJsonAsync("/elsa/api/bookmarks/resume", resume)).ExpectJsonAsync(HttpStatusCode.OK);

        var journal = await (await _staff.GetAsync($"{Instances}/{step.InstanceId}/journal")).ExpectJsonAsync(HttpStatusCode.OK);

        var entries = journal["items"]!.AsArray();
        Assert.Equal(entries.Select(e => e!["sequence"]!.GetValue<int>()).Order(), entries.Select(e => e!["sequence"]!.GetValue<int>()));
        Assert.Equal("InstanceStarted", entries[0]!["kind"]!.GetValue<string>());
        var resumed = Assert.Single(entries, e => e!["kind"]!.GetValue<string>() == "BookmarkResumed");
        Assert.Equal(KundportalHost.StaffActor, resumed!["actor"]!.GetValue<string>());
        Assert.Contains(entries, e => e!["kind"]!.GetValue<string>() == "InstanceFinished");
    }

    [Fact]
    public async Task Cancel_RunningInstance_CancelsItJournalsTheReasonAndRefusesASecondTime()
    {
        var id = await _staff.PublishReviewAsync();
        var step = await _host.StartAsync(id);

        var cancelled = await (await _staff.PostJsonAsync($"{Instances}/{step.InstanceId}/cancel", new JsonObject { ["reason"] = "Kunden ångrade sig" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Finished", cancelled["status"]!.GetValue<string>());
        Assert.Equal("Cancelled", cancelled["subStatus"]!.GetValue<string>());
        var journal = await (await _staff.GetAsync($"{Instances}/{step.InstanceId}/journal")).ExpectJsonAsync(HttpStatusCode.OK);
        var entry = Assert.Single(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "InstanceCancelled");
        Assert.Equal(KundportalHost.StaffActor, entry!["actor"]!.GetValue<string>());
        Assert.Contains("Kunden ångrade sig", entry.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        await (await _staff.PostJsonAsync($"{Instances}/{step.InstanceId}/cancel", new JsonObject { ["reason"] = "Igen" })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancel_WithoutReason_Is400KeyedByPath()
    {
        var id = await _staff.PublishReviewAsync();
        var step = await _host.StartAsync(id);

        var problem = await (await _staff.PostJsonAsync($"{Instances}/{step.InstanceId}/cancel", new JsonObject())).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["$.reason"]);
    }

    [Fact]
    public async Task Retry_InstanceWithoutIncident_Is409()
    {
        var id = await _staff.PublishReviewAsync();
        var step = await _host.StartAsync(id);

        await (await _staff.PostAsync($"{Instances}/{step.InstanceId}/retry", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task UnknownInstance_Is404Everywhere()
    {
        var unknown = Guid.NewGuid();

        await (await _staff.GetAsync($"{Instances}/{unknown}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await _staff.GetAsync($"{Instances}/{unknown}/journal")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await _staff.PostJsonAsync($"{Instances}/{unknown}/cancel", new JsonObject { ["reason"] = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await _staff.PostAsync($"{Instances}/{unknown}/retry", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
