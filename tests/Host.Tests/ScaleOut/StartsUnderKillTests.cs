using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tests.ScaleOut;

/// <summary>
/// Clients start instances on two host processes and retry every start they got no answer to, with the same
/// <c>Idempotency-Key</c>: some answers are lost on the way back (the client drops them) and one host is killed
/// (SIGKILL) in the middle. Every start makes exactly one instance, and every instance waits on the task token its
/// client holds: none waits on a token nobody received.
/// </summary>
public sealed class StartsUnderKillTests
{
    private const int Starts = 240;
    private const int Clients = 8;

    [Fact]
    public async Task RetriedStartsAcrossAHostKill_MakeOneInstanceEach_AndEveryTokenWorks()
    {
        var database = await PostgresCluster.Shared.CreateDatabaseAsync("starts");
        using var mail = Mailbox.Start();
        await using var first = await HostProcess.StartAsync(database, mail.Port);
        await using var second = await HostProcess.StartAsync(database, mail.Port);
        using var firstClient = Client(first);
        using var secondClient = Client(second);
        var definitionId = await firstClient.PublishReviewAsync();

        var killed = 0;
        var answered = 0;
        var lost = 0;
        var replayed = 0;
        var tokens = new ConcurrentDictionary<int, (Guid InstanceId, string Token)>();
        var work = new ConcurrentQueue<int>(Enumerable.Range(0, Starts));
        var kill = Task.CompletedTask;
        async Task ClientAsync()
        {
            while (work.TryDequeue(out var start))
            {
                for (var attempt = 0; ; attempt++)
                {
                    var useFirst = (start + attempt) % 2 == 0 && Volatile.Read(ref killed) == 0;
                    HttpResponseMessage response;
                    try
                    {
                        response = await ExecuteAsync(useFirst ? firstClient : secondClient, definitionId, $"start-{start}");
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        continue;
                    }
                    if (response.StatusCode >= HttpStatusCode.InternalServerError)
                        continue;
                    var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
                    // Every tenth start loses its first answer on the way back, as a dropped connection would.
                    if (start % 10 == 0 && attempt == 0)
                    {
                        Interlocked.Increment(ref lost);
                        continue;
                    }
                    if (response.Headers.Contains("Idempotent-Replayed"))
                        Interlocked.Increment(ref replayed);
                    tokens[start] = (Guid.Parse(body["instanceId"]!.GetValue<string>()), body["issuedTokens"]![0]!["token"]!.GetValue<string>());
                    break;
                }
                if (Interlocked.Increment(ref answered) == Starts / 3)
                    kill = KillAsync();
            }
        }
        async Task KillAsync()
        {
            Volatile.Write(ref killed, 1);
            await first.KillAsync();
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(ClientAsync)));
        await kill;

        Assert.Equal(Starts, tokens.Count);
        Assert.True(replayed >= lost, $"{lost} answers were lost but only {replayed} starts were answered as repeated");
        await using var db = Workflows(database);
        var instances = await db.Instances.AsNoTracking().Where(i => i.DefinitionId == definitionId).Select(i => i.Id).ToListAsync();
        Assert.Equal(Starts, instances.Count);
        Assert.Equal(Starts, tokens.Values.Select(t => t.InstanceId).Distinct().Count());

        // Each client answers its task with the token it holds: that token works, so every instance finishes.
        foreach (var (instanceId, token) in tokens.Values)
        {
            var resumed = await secondClient.PostJsonAsync("/elsa/api/bookmarks/resume",
                new JsonObject { ["token"] = token, ["input"] = new JsonObject { ["outcome"] = "Godkänn" } });
            Assert.Equal(instanceId.ToString(), (await resumed.ExpectJsonAsync(HttpStatusCode.OK))["instanceId"]!.GetValue<string>());
        }
        var waiting = await db.Instances.AsNoTracking().CountAsync(i => i.DefinitionId == definitionId && i.Status != WorkflowStatus.Finished);
        Assert.Equal(0, waiting);
    }

    private static HttpClient Client(HostProcess host)
    {
        var client = host.Staff();
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    private static Task<HttpResponseMessage> ExecuteAsync(HttpClient client, string definitionId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/elsa/api/workflow-definitions/{definitionId}/execute") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static PostgresWorkflowsDbContext Workflows(string database) =>
        new(new DbContextOptionsBuilder<PostgresWorkflowsDbContext>().UseNpgsql(database).UseSnakeCaseNamingConvention().Options);
}
