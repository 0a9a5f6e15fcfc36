using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.HttpWorkflows;

/// <summary>Other systems start and resume workflows at their HTTP endpoints under <c>/workflows/...</c>, as Elsa users do.</summary>
public sealed class HttpWorkflowsTests(HttpWorkflowsHostFixture fixture) : IClassFixture<HttpWorkflowsHostFixture>
{
    private const string Definitions = "/elsa/api/workflow-definitions";
    private readonly KundportalHost _host = fixture.Host;
    private readonly HttpClient _staff = fixture.Host.Staff();
    private readonly HttpClient _anonymous = fixture.Host.Anonymous();

    [Fact]
    public async Task PostToOrderEndpoint_StartsTheWorkflow_AndAnswersWithWhatWriteHttpResponseWrote()
    {
        var id = TestDefinitions.NewId("receipt");
        await ImportAsync(HttpDefinitions.OrderReceipt(id, id));

        var response = await _anonymous.PostAsJsonAsync($"/workflows/{id}/orders/42", new { amount = 5 });

        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("42", body["order"]!.GetValue<string>());
        Assert.Equal(5, body["amount"]!.GetValue<int>());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("workflow", Assert.Single(response.Headers.GetValues("X-Order-Source")));
        var instance = await QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.DefinitionId == id));
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
    }

    [Fact]
    public async Task WaitingEndpoint_IsResumedByOneRequest_AndTheSameRequestAgainIsRefused()
    {
        var id = TestDefinitions.NewId("approval");
        await ImportAsync(HttpDefinitions.Approval(id, id));
        var step = await _host.StartAsync(id, correlationId: $"order-{id}");
        Assert.Equal(WorkflowSubStatus.Suspended, step.SubStatus);

        using var first = Request($"/workflows/{id}/approvals/77", $"order-{id}");
        var answer = await _staff.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Godkänd 77", await answer.Content.ReadAsStringAsync());

        using var again = Request($"/workflows/{id}/approvals/77", $"order-{id}");
        var problem = await (await _staff.SendAsync(again)).ExpectProblemAsync(HttpStatusCode.Gone);
        Assert.Equal("Already handled.", problem["title"]!.GetValue<string>());
        Assert.Equal(step.InstanceId.ToString(), problem["workflowInstanceId"]!.GetValue<string>());
        var instance = await QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id == step.InstanceId));
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        var resumes = await QueryAsync(db => db.Journal.AsNoTracking().CountAsync(j => j.InstanceId == step.InstanceId && j.Kind == JournalKinds.BookmarkResumed));
        Assert.Equal(1, resumes);
    }

    [Fact]
    public async Task EndpointThatRequiresAuthorisation_Is401WithoutCredentials_AndStillWaits()
    {
        var id = TestDefinitions.NewId("approval");
        await ImportAsync(HttpDefinitions.Approval(id, id));
        var step = await _host.StartAsync(id, correlationId: $"order-{id}");

        using var request = Request($"/workflows/{id}/approvals/5", $"order-{id}");
        var refused = await _anonymous.SendAsync(request);

        await refused.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var instance = await QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id == step.InstanceId));
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);
        using var authorised = Request($"/workflows/{id}/approvals/5", $"order-{id}");
        Assert.Equal(HttpStatusCode.OK, (await _staff.SendAsync(authorised)).StatusCode);
    }

    [Fact]
    public async Task PathNobodyWaitsOn_Is404ProblemDetails()
    {
        var problem = await (await _staff.PostAsJsonAsync($"/workflows/{TestDefinitions.NewId("nobody")}/orders/1", new { amount = 1 }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("No workflow starts with or waits for POST", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlowSendHttpRequest_TakesThe2xx4xxAndTimeoutBranches_CallingOutsideTheStep()
    {
        await using var other = await StandInServer.StartAsync();
        // While the other system answers, the caller's instance row must not be locked: the call is made outside any step.
        other.OnRequest = async request => $"{request.Path}:{await LockedAsync(Guid.Parse(request.Headers["X-Workflow-Instance"]!))}";
        var id = TestDefinitions.NewId("call");
        await ImportAsync(HttpDefinitions.CallOtherSystem(id));

        var ok = await CallAsync(id, new Uri(other.BaseAddress, "/ok"));
        var missing = await CallAsync(id, new Uri(other.BaseAddress, "/missing"));
        var okState = await FinishedStateAsync(ok);
        var missingState = await FinishedStateAsync(missing);
        var slow = await CallAsync(id, new Uri(other.BaseAddress, "/slow"));
        await other.SlowReached.WaitAsync(TimeSpan.FromSeconds(30));
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var slowState = await FinishedStateAsync(slow);

        Assert.Equal("2xx", okState.Variables["Branch"]!.GetValue<string>());
        Assert.Equal(200, okState.Variables["StatusCode"]!.GetValue<int>());
        Assert.Equal("klar", okState.Variables["Answer"]!["status"]!.GetValue<string>());
        Assert.Equal("4xx", missingState.Variables["Branch"]!.GetValue<string>());
        Assert.Equal(404, missingState.Variables["StatusCode"]!.GetValue<int>());
        Assert.Equal("timeout", slowState.Variables["Branch"]!.GetValue<string>());
        Assert.Equal(["/missing:not locked", "/ok:not locked", "/slow:not locked"], other.Seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EachTestDefinition_ExportsAndReimportsUnchanged()
    {
        foreach (var definition in new[] { HttpDefinitions.OrderReceipt(TestDefinitions.NewId("receipt"), "rt"), HttpDefinitions.Approval(TestDefinitions.NewId("approval"), "rt"), HttpDefinitions.CallOtherSystem(TestDefinitions.NewId("call")) })
        {
            var id = definition["definitionId"]!.GetValue<string>();
            await ImportAsync(definition);

            var exported = await (await _staff.GetAsync($"{Definitions}/{id}/export")).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.True(JsonNode.DeepEquals(definition["root"], exported["root"]), $"{id}: the exported flowchart differs from the imported one.");
            Assert.True(JsonNode.DeepEquals(definition["variables"], exported["variables"]), $"{id}: the exported variables differ.");
            var again = await (await _staff.PostJsonAsync($"{Definitions}/import", exported)).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.False(again["changed"]!.GetValue<bool>());
        }
    }

    private async Task ImportAsync(JsonObject definition) =>
        await (await _staff.PostJsonAsync($"{Definitions}/import", definition)).ExpectJsonAsync(HttpStatusCode.OK);

    private static HttpRequestMessage Request(string path, string correlationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { comment = "Ser bra ut" }) };
        request.Headers.Add("X-Correlation-ID", correlationId);
        return request;
    }

    private async Task<Guid> CallAsync(string definitionId, Uri url)
    {
        var step = await _host.Services.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest(definitionId)
        {
            Variables = new Dictionary<string, object?> { ["Url"] = url.ToString() },
        });
        return step.InstanceId;
    }

    private async Task<ExecutionState> FinishedStateAsync(Guid instanceId)
    {
        var instance = await Recheck.UntilAsync(
            () => QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId)),
            i => i.Status == WorkflowStatus.Finished, $"instance {instanceId} to finish", i => $"{i.SubStatus} at {i.WaitingAt}");
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        return ExecutionState.Deserialise(instance.State);
    }

    private async Task<string> LockedAsync(Guid instanceId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT id FROM workflow_instances WHERE id = @id FOR UPDATE NOWAIT", connection, transaction);
        command.Parameters.AddWithValue("id", instanceId);
        try
        {
            await command.ExecuteScalarAsync();
            return "not locked";
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "55P03")
        {
            return "locked";
        }
    }

    private async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }
}
