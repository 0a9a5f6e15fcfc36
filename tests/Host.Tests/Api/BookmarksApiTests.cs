using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;

namespace Elsa.Kundportal.Host.Tests.Api;

public sealed class BookmarksApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private const string Resume = "/elsa/api/bookmarks/resume";
    private readonly KundportalHost _host = fixture.Host;
    private readonly HttpClient _staff = fixture.Host.Staff();

    [Fact]
    public async Task Resume_WithToken_RunsTheStep_ThenASecondResumeIs410WithWhoAndWhen()
    {
        var id = await _staff.PublishReviewAsync();
        var step = await _host.StartAsync(id);
        var token = Assert.Single(step.IssuedTokens).Token;
        var body = new JsonObject { ["token"] = token, ["input"] = new JsonObject { ["outcome"] = "Godkänn" } };

        var resumed = await (await _staff.PostJsonAsync(Resume, body)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(step.InstanceId.ToString(), resumed["instanceId"]!.GetValue<string>());
        Assert.Equal("Finished", resumed["subStatus"]!.GetValue<string>());
        Assert.Equal(KundportalHost.StaffActor, resumed["handledBy"]!.GetValue<string>());

        var again = await (await _staff.PostJsonAsync(Resume, body.DeepClone())).ExpectProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(KundportalHost.StaffActor, again["handledBy"]!.GetValue<string>());
        Assert.Equal("Resumed", again["handledHow"]!.GetValue<string>());
        // The database keeps microseconds; the first answer carries the clock's full precision.
        var handledAt = resumed["handledAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(again["handledAt"]!.GetValue<DateTimeOffset>(), handledAt.AddMilliseconds(-1), handledAt.AddMilliseconds(1));
    }

    [Fact]
    public async Task Resume_ExpiredToken_Is410WithTheExpiry()
    {
        var id = await _staff.PublishReviewAsync(expiresIn: TimeSpan.FromDays(30));
        var step = await _host.StartAsync(id);
        var expiresAt = fixture.Clock.GetUtcNow().AddDays(30);
        fixture.Clock.Advance(TimeSpan.FromDays(31));

        var problem = await (await _staff.PostJsonAsync(Resume, new JsonObject { ["token"] = step.IssuedTokens[0].Token, ["input"] = new JsonObject { ["outcome"] = "Godkänn" } }))
            .ExpectProblemAsync(HttpStatusCode.Gone);

        Assert.Equal("Expired.", problem["title"]!.GetValue<string>());
        Assert.InRange(problem["handledAt"]!.GetValue<DateTimeOffset>(), expiresAt.AddSeconds(-1), expiresAt.AddSeconds(1));
    }

    [Fact]
    public async Task Resume_UnknownToken_Is404()
    {
        var body = new JsonObject { ["token"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ["input"] = new JsonObject() };

        await (await _staff.PostJsonAsync(Resume, body)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Resume_WithoutToken_Is400KeyedByPath()
    {
        var problem = await (await _staff.PostJsonAsync(Resume, new JsonObject { ["input"] = new JsonObject() })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["$.token"]);
    }

    [Fact]
    public async Task Resume_RejectedInput_Is422WithFieldErrors_AndTheBookmarkStaysUsable()
    {
        var id = await _staff.PublishReviewAsync();
        var step = await _host.StartAsync(id);
        var token = step.IssuedTokens[0].Token;

        var problem = await (await _staff.PostJsonAsync(Resume, new JsonObject { ["token"] = token, ["input"] = new JsonObject { ["outcome"] = "Kanske" } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]!["$.input.outcome"]);
        await (await _staff.PostJsonAsync(Resume, new JsonObject { ["token"] = token, ["input"] = new JsonObject { ["outcome"] = "Avslå" } }))
            .ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Resume_CancelledInstance_Is410Withdrawn_AndRunsNothing()
    {
        var id = await _staff.PublishReviewAsync();
        var step = await _host.StartAsync(id);
        await (await _staff.PostJsonAsync($"/elsa/api/workflow-instances/{step.InstanceId}/cancel", new JsonObject { ["reason"] = "Test" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        var problem = await (await _staff.PostJsonAsync(Resume, new JsonObject { ["token"] = step.IssuedTokens[0].Token, ["input"] = new JsonObject { ["outcome"] = "Godkänn" } }))
            .ExpectProblemAsync(HttpStatusCode.Gone);

        // Cancelling withdraws the open bookmarks, so the token reads as handled: withdrawn, and when.
        Assert.Equal("Withdrawn", problem["handledHow"]!.GetValue<string>());
        Assert.NotNull(problem["handledAt"]);
        var details = await (await _staff.GetAsync($"/elsa/api/workflow-instances/{step.InstanceId}/details")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Cancelled", details["instance"]!["subStatus"]!.GetValue<string>());
    }
}
