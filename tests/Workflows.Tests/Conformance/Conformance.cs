using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Workflows.Tests.Conformance;

/// <summary>
/// What every conformance scenario does: publish the definition as an Elsa user would import it, check that it
/// exports and re-imports unchanged, run it, and read what ran from the journal.
/// </summary>
internal static class Conformance
{
    private static readonly string[] StoreOwnedFields = ["$schema", "id", "version", "isLatest", "isPublished", "createdAt", "publishedAt", "toolVersion"];

    /// <summary>Publishes <paramref name="json"/>, checks the round trip against <paramref name="expected"/> (the definition itself when null), and starts an instance.</summary>
    public static async Task<StepResult> PublishAndStartAsync(this TestEngine engine, string json, JsonObject? expected = null,
        JsonNode? input = null, string? correlationId = null)
    {
        var definitionId = await engine.PublishAsync(json);
        await engine.AssertRoundTripAsync(definitionId, expected ?? JsonNode.Parse(json)!.AsObject());
        return await engine.Runtime.StartAsync(new StartWorkflowRequest(definitionId) { Input = input, CorrelationId = correlationId });
    }

    public static Task<StepResult> PublishAndStartAsync(this TestEngine engine, Flow flow, JsonNode? input = null, string? correlationId = null) =>
        engine.PublishAndStartAsync(flow.Json, null, input, correlationId);

    /// <summary>The published version exports as the definition that was imported and importing the export changes nothing.</summary>
    public static async Task AssertRoundTripAsync(this TestEngine engine, string definitionId, JsonObject expected)
    {
        var record = await engine.Definitions.FindAsync(definitionId, VersionOptions.Published);
        Assert.NotNull(record);
        var exported = JsonNode.Parse(WorkflowDefinitionService.Export(record, record.IsLatest))!.AsObject();
        Assert.Equal(Canonical(expected), Canonical(exported));
        var again = await engine.Definitions.ImportAsync(exported.ToJsonString(), publish: true, "test");
        Assert.False(again.Changed, "Re-importing the export made a new version.");
        Assert.Equal(record.Id, again.Definition.Id);
    }

    private static string Canonical(JsonObject doc)
    {
        var copy = (JsonObject)doc.DeepClone();
        foreach (var field in StoreOwnedFields)
            copy.Remove(field);
        return Stimulus.CanonicalJson(copy);
    }

    /// <summary>The activities that completed, in the order they completed.</summary>
    public static async Task<List<string>> CompletedAsync(this TestEngine engine, Guid instanceId) =>
        [.. (await engine.JournalAsync(instanceId)).Where(j => j.Kind == JournalKinds.ActivityCompleted).Select(j => j.ActivityId!)];

    public static async Task<int> TimesCompletedAsync(this TestEngine engine, Guid instanceId, string activityId) =>
        (await engine.CompletedAsync(instanceId)).Count(a => a == activityId);

    public static Task<List<BookmarkRecord>> ActiveBookmarksAsync(this TestEngine engine, Guid instanceId) =>
        engine.QueryAsync(db => db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId && b.Status == BookmarkStatus.Active)
            .OrderBy(b => b.CreatedAt).ThenBy(b => b.ActivityId).ToListAsync());

    public static Task<List<OutboxMessageRecord>> MailAsync(this TestEngine engine, Guid instanceId) =>
        engine.QueryAsync(db => db.Outbox.AsNoTracking().Where(m => m.InstanceId == instanceId).OrderBy(m => m.CreatedAt).ThenBy(m => m.Recipient).ToListAsync());

    public static async Task<ExecutionState> StateAsync(this TestEngine engine, Guid instanceId) =>
        ExecutionState.Deserialise((await engine.InstanceAsync(instanceId)).State);

    public static async Task AssertFinishedAsync(this TestEngine engine, Guid instanceId)
    {
        var instance = await engine.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
    }

    public static async Task AssertSuspendedAsync(this TestEngine engine, Guid instanceId)
    {
        var instance = await engine.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), (instance.Status, instance.SubStatus));
    }

    /// <summary>Answers the one active task of <paramref name="activityId"/> by its bookmark id.</summary>
    public static async Task<ResumeResult> AnswerAsync(this TestEngine engine, Guid instanceId, string activityId, string? outcome = null)
    {
        var bookmark = Assert.Single(await engine.ActiveBookmarksAsync(instanceId), b => b.ActivityId == activityId);
        var result = await engine.Runtime.ResumeAsync(BookmarkAddress.ById(bookmark.Id),
            new ResumeRequest("handlaggare@inera.se") { EnforceRecipient = false, Input = outcome is null ? null : new JsonObject { ["outcome"] = outcome } });
        Assert.Equal(ResumeOutcome.Resumed, result.Outcome);
        return result;
    }
}
