using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Infrastructure;

/// <summary>
/// PostgreSQL restarts (as an upgrade or a failover does) under a running host. A step asked for after the restart
/// happens: the connections the restart broke are retried inside the host. While the database is down, machines get
/// 503 Problem Details with Retry-After and people a Swedish page, both saying the step did not happen, and it did not:
/// the same request afterwards makes the one step.
/// </summary>
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private PostgresCluster _postgres = null!;
    private Mailbox _mail = null!;
    private KundportalHost _host = null!;

    public async Task InitializeAsync()
    {
        _postgres = PostgresCluster.StartPrivate();
        _mail = Mailbox.Start();
        _host = KundportalHost.StartProduction(await _postgres.CreateDatabaseAsync("restart"), _mail.Port, new Dictionary<string, string?>
        {
            ["Kundportal:DefinitionsFolder"] = null,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _mail.Dispose();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Restart_BetweenTwoRequests_TheNextStepsHappen_WithoutAnErrorToTheCaller()
    {
        var staff = _host.Staff();
        var definitionId = await staff.PublishReviewAsync();
        // Several steps at once leave several connections in the pool, each broken by the restart.
        var started = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ExecuteAsync(staff, definitionId)));

        await _postgres.StopAsync();
        await _postgres.StartAsync();

        var answers = await Task.WhenAll(started.Select(token => ResumeAsync(staff, token)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.NotNull(await ExecuteAsync(staff, definitionId));
    }

    [Fact]
    public async Task DatabaseDown_MachinesGet503ProblemDetails_PeopleASwedishPage_AndTheStepHappensOnceWhenItIsBack()
    {
        var staff = _host.Staff();
        var definitionId = await staff.PublishReviewAsync();
        var token = await ExecuteAsync(staff, definitionId);

        await _postgres.StopAsync();
        var api = await ResumeAsync(staff, token);
        var page = await _host.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/tasks/{token}") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/html") } } });
        await _postgres.StartAsync();

        var problem = await api.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("did not happen", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(api.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {api.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(page.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {page.Headers.RetryAfter}");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("lang=\"sv\"", html, StringComparison.Ordinal);
        Assert.Contains("Steget genomfördes inte", html, StringComparison.Ordinal);

        var again = await ResumeAsync(staff, token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var instanceId = Guid.Parse((await again.ExpectJsonAsync(HttpStatusCode.OK))["instanceId"]!.GetValue<string>());
        await using var scope = _host.Services.CreateAsyncScope();
        var journal = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Journal.AsNoTracking()
            .Where(j => j.InstanceId == instanceId && j.Kind == JournalKinds.BookmarkResumed).CountAsync();
        Assert.Equal(1, journal);
    }

    private static async Task<string> ExecuteAsync(HttpClient staff, string definitionId)
    {
        var started = await (await staff.PostAsJsonAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        return started["issuedTokens"]![0]!["token"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> ResumeAsync(HttpClient staff, string token) =>
        staff.PostJsonAsync("/elsa/api/bookmarks/resume", new JsonObject { ["token"] = token, ["input"] = new JsonObject { ["outcome"] = "Godkänn" } });
}
