using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Definitions;

public sealed class WorkflowDefinitionServiceTests
{
    private static Flow Greeting(string definitionId, string text) => Flow.Create(definitionId)
        .Activity("start", "Elsa.Start")
        .Activity("task", "Elsa.UserTask", Literal("taskName", "Wait"))
        .Activity("write", "Elsa.WriteLine", Literal("text", text))
        .Connect("start", "Done", "task").Connect("task", "Done", "write");

    [Theory]
    [InlineData("Fixtures/fork-three-branches.json")]
    [InlineData("Fixtures/timer-then-writeline.json")]
    public async Task ImportThenExport_KeepsEveryPropertyOfAnElsaExport(string file)
    {
        await using var engine = await TestEngine.StartAsync();
        var original = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();

        var imported = await engine.Definitions.ImportAsync(original.ToJsonString(), publish: true, "test");
        var exported = JsonNode.Parse(WorkflowDefinitionService.Export(imported.Definition, isLatest: true))!.AsObject();

        foreach (var owned in new[] { "id", "isPublished", "isLatest", "$schema", "createdAt" })
        {
            original.Remove(owned);
            exported.Remove(owned);
        }
        Assert.True(JsonNode.DeepEquals(original, exported), exported.ToJsonString());
        var again = await engine.Definitions.ImportAsync(WorkflowDefinitionService.Export(imported.Definition, true), publish: true, "test");
        Assert.False(again.Changed);
    }

    [Fact]
    public async Task Versions_DraftThenPublish_ThenEditMakesANewDraft_AndPublishedStaysUnchanged()
    {
        await using var engine = await TestEngine.StartAsync();
        var saved = await engine.Definitions.SaveDraftAsync(Greeting("greet", "Hej").Json, "designer@inera.se");
        Assert.Equal((1, false), (saved.Definition.Version, saved.Definition.IsPublished));
        await engine.Definitions.SaveDraftAsync(Greeting("greet", "Hej då").Json, "designer@inera.se");
        Assert.Single(await engine.Definitions.ListVersionsAsync("greet"));

        var published = await engine.Definitions.PublishAsync("greet", "designer@inera.se");
        var v1Json = published.Json;
        var edited = await engine.Definitions.SaveDraftAsync(Greeting("greet", "Välkommen").Json, "designer@inera.se");

        Assert.Equal(2, edited.Definition.Version);
        var versions = await engine.Definitions.ListVersionsAsync("greet");
        Assert.Equal([(1, true, false), (2, false, true)], versions.Select(v => (v.Version, v.IsPublished, v.IsLatest)));
        Assert.Equal(v1Json, versions[0].Json);
        Assert.Equal(1, (await engine.Definitions.FindAsync("greet", VersionOptions.Published))!.Version);
        Assert.Equal(2, (await engine.Definitions.FindAsync("greet", VersionOptions.Latest))!.Version);
        Assert.Equal(2, (await engine.Definitions.FindAsync("greet", VersionOptions.Draft))!.Version);
    }

    [Fact]
    public async Task Publish_WithErrors_IsRefused_AndTheStoreIsUnchanged()
    {
        await using var engine = await TestEngine.StartAsync();
        var broken = Greeting("broken", "x").Activity("bad", "Acme.Unknown").Connect("write", "Done", "bad");
        var saved = await engine.Definitions.SaveDraftAsync(broken.Json, "designer");
        Assert.Contains(saved.Errors, e => e.Path == "$.root.activities[3].type");
        var before = await engine.QueryAsync(db => db.Definitions.AsNoTracking().ToListAsync());

        var refused = await Assert.ThrowsAsync<WorkflowDefinitionInvalidException>(() => engine.Definitions.PublishAsync("broken", "designer"));
        await Assert.ThrowsAsync<WorkflowDefinitionInvalidException>(() => engine.Definitions.ImportAsync(broken.Json, publish: true, "designer"));

        Assert.Contains(refused.Errors, e => e.Message.Contains("Acme.Unknown", StringComparison.Ordinal));
        var after = await engine.QueryAsync(db => db.Definitions.AsNoTracking().ToListAsync());
        Assert.Equal(before.Select(d => (d.Id, d.Revision, d.IsPublished, d.Json)), after.Select(d => (d.Id, d.Revision, d.IsPublished, d.Json)));
    }

    [Fact]
    public async Task Import_SameContentAgain_MakesNoVersion_ChangedContentMakesOne()
    {
        await using var engine = await TestEngine.StartAsync();
        var first = await engine.Definitions.ImportAsync(Greeting("imp", "a").Json, publish: true, "system:import");
        var same = await engine.Definitions.ImportAsync(Greeting("imp", "a").Json, publish: true, "system:import");
        var changed = await engine.Definitions.ImportAsync(Greeting("imp", "b").Json, publish: true, "system:import");

        Assert.Equal((true, false, true), (first.Changed, same.Changed, changed.Changed));
        Assert.Equal(first.Definition.Id, same.Definition.Id);
        Assert.Equal([1, 2], (await engine.Definitions.ListVersionsAsync("imp")).Select(v => v.Version));
    }

    [Fact]
    public async Task Instances_StayOnTheirVersion_WhenANewerVersionIsPublished()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishAsync(Greeting("pinned", "one").Json);
        var old = await engine.Runtime.StartAsync(new StartWorkflowRequest("pinned"));
        var v2 = Greeting("pinned", "two").Activity("extra", "Elsa.WriteLine", Literal("text", "extra")).Connect("write", "Done", "extra");
        await engine.PublishAsync(v2.Json);
        var fresh = await engine.Runtime.StartAsync(new StartWorkflowRequest("pinned"));

        await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(old.IssuedTokens[0].Token), new ResumeRequest("x"));
        await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(fresh.IssuedTokens[0].Token), new ResumeRequest("x"));

        Assert.Equal(1, (await engine.InstanceAsync(old.InstanceId)).Version);
        Assert.Equal(2, (await engine.InstanceAsync(fresh.InstanceId)).Version);
        Assert.DoesNotContain(await engine.JournalAsync(old.InstanceId), j => j.ActivityId == "extra");
        Assert.Contains(await engine.JournalAsync(fresh.InstanceId), j => j.ActivityId == "extra" && j.Kind == JournalKinds.ActivityCompleted);
    }

    [Fact]
    public async Task Retract_StopsNewInstances_ButRunningOnesContinue()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishAsync(Greeting("retract", "x").Json);
        var running = await engine.Runtime.StartAsync(new StartWorkflowRequest("retract"));

        await engine.Definitions.RetractAsync("retract", 1);

        await Assert.ThrowsAsync<DefinitionNotFoundException>(() => engine.Runtime.StartAsync(new StartWorkflowRequest("retract")));
        var resumed = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(running.IssuedTokens[0].Token), new ResumeRequest("x"));
        Assert.Equal(WorkflowStatus.Finished, resumed.Step!.Status);
        var afterRetract = await engine.Definitions.SaveDraftAsync(Greeting("retract", "y").Json, "designer");
        Assert.Equal(2, afterRetract.Definition.Version);
    }
}
