using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Retention;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Elsa.Kundportal.Workflows.Tests.Support.Flow;

namespace Elsa.Kundportal.Workflows.Tests.Runtime;

/// <summary>What operations can do to a running instance: new link, move to another version, erase personal data.</summary>
public sealed class OperatorActionTests
{
    private static Flow Review(string definitionId) => Flow.Create(definitionId)
        .Activity("start", "Elsa.Start")
        .Activity("review", "Elsa.UserTask", Literal("taskName", "Review"), Literal("recipient", "eva@agent.se"), Literal("expiresIn", "P30D"))
        .Activity("attest", "Elsa.UserTask", Literal("taskName", "Attest"))
        .Connect("start", "Done", "review").Connect("review", "Done", "attest");

    [Fact]
    public async Task Reissue_GivesANewLink_TheOldOneStopsWorking_AndTheJournalSaysWhoAndWhy()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishAsync(Review("reissue").Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest("reissue"));
        var old = step.IssuedTokens.Single();

        var reissued = await engine.Runtime.ReissueBookmarkAsync(old.BookmarkId, "ops@inera.se", "Mail bounced");

        Assert.Equal(InstanceCommandOutcome.Done, reissued.Outcome);
        var refused = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(old.Token), new ResumeRequest("eva@agent.se"));
        Assert.Equal((ResumeOutcome.AlreadyHandled, BookmarkStatus.Withdrawn), (refused.Outcome, refused.HandledHow));
        var bookmarks = await engine.BookmarksAsync(step.InstanceId);
        var replacement = bookmarks.Single(b => b.Status == BookmarkStatus.Active);
        var previous = bookmarks.Single(b => b.Id == old.BookmarkId);
        Assert.Equal((previous.Recipient, previous.ExpiresAt, previous.StimulusHash), (replacement.Recipient, replacement.ExpiresAt, replacement.StimulusHash));
        var entry = (await engine.JournalAsync(step.InstanceId)).Single(j => j.Kind == JournalKinds.BookmarkReissued);
        Assert.Equal(("ops@inera.se", "Mail bounced"), (entry.Actor, entry.Message));

        var resumed = await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(reissued.Token!.Token), new ResumeRequest("eva@agent.se"));
        Assert.Equal(ResumeOutcome.Resumed, resumed.Outcome);
        Assert.Equal(InstanceCommandOutcome.NotAllowed, (await engine.Runtime.ReissueBookmarkAsync(old.BookmarkId, "ops", "again")).Outcome);
    }

    [Fact]
    public async Task Migrate_DryRunShowsWhereEachWaitingStepGoes_AndTheMigrationMovesTheInstance()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishAsync(Review("migrate").Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest("migrate"));
        var v2 = Review("migrate").Activity("notify", "Elsa.WriteLine", Literal("text", "attested")).Connect("attest", "Done", "notify");
        await engine.PublishAsync(v2.Json);

        var plan = await engine.Runtime.MigrateAsync(step.InstanceId, 2, dryRun: true, "ops@inera.se", "New step after attestation");

        Assert.True(plan.Allowed);
        Assert.False(plan.Applied);
        Assert.Equal([("review", true)], plan.Steps.Select(s => (s.ActivityId, s.Maps)));
        Assert.Equal(1, (await engine.InstanceAsync(step.InstanceId)).Version);

        var applied = await engine.Runtime.MigrateAsync(step.InstanceId, 2, dryRun: false, "ops@inera.se", "New step after attestation");

        Assert.True(applied.Applied);
        Assert.Equal(2, (await engine.InstanceAsync(step.InstanceId)).Version);
        var migrated = (await engine.JournalAsync(step.InstanceId)).Single(j => j.Kind == JournalKinds.InstanceMigrated);
        Assert.Equal(("ops@inera.se", "New step after attestation"), (migrated.Actor, migrated.Message));
        await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(step.IssuedTokens[0].Token), new ResumeRequest("eva@agent.se"));
        var attest = (await engine.BookmarksAsync(step.InstanceId)).Single(b => b.Status == BookmarkStatus.Active);
        await engine.Runtime.ResumeAsync(BookmarkAddress.ById(attest.Id), new ResumeRequest("x"));
        Assert.Contains(await engine.JournalAsync(step.InstanceId), j => j.ActivityId == "notify" && j.Kind == JournalKinds.ActivityCompleted);
    }

    [Fact]
    public async Task Migrate_ToAVersionWithoutTheWaitingStep_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishAsync(Review("missing").Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest("missing"));
        var v2 = Flow.Create("missing").Activity("start", "Elsa.Start").Activity("attest", "Elsa.UserTask", Literal("taskName", "Attest")).Connect("start", "Done", "attest");
        await engine.PublishAsync(v2.Json);

        var plan = await engine.Runtime.MigrateAsync(step.InstanceId, 2, dryRun: false, "ops", "try");

        Assert.False(plan.Allowed);
        Assert.Contains("'review' does not exist in version 2", Assert.Single(plan.Problems), StringComparison.Ordinal);
        Assert.Equal(1, (await engine.InstanceAsync(step.InstanceId)).Version);
    }

    [Fact]
    public async Task Migrate_ThatWouldRunACompletedStepAgain_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishAsync(Review("rerun").Json);
        var step = await engine.Runtime.StartAsync(new StartWorkflowRequest("rerun"));
        await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(step.IssuedTokens[0].Token), new ResumeRequest("eva@agent.se"));
        // Version 2 puts review after attest: moving an instance waiting at attest would review again.
        var v2 = Flow.Create("rerun")
            .Activity("start", "Elsa.Start")
            .Activity("attest", "Elsa.UserTask", Literal("taskName", "Attest"))
            .Activity("review", "Elsa.UserTask", Literal("taskName", "Review"))
            .Connect("start", "Done", "attest").Connect("attest", "Done", "review");
        await engine.PublishAsync(v2.Json);

        var plan = await engine.Runtime.MigrateAsync(step.InstanceId, 2, dryRun: true, "ops", "try");

        Assert.False(plan.Allowed);
        Assert.Contains("would run again the completed step(s) 'review'", Assert.Single(plan.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_ErasesPersonalDataOfOldFinishedInstances_KeepingTheAnonymisedJournal()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Create("retention")
            .Activity("start", "Elsa.Start")
            .Activity("mail", "Elsa.SendEmail", Obj("to", """["anna.andersson@region.se"]"""), Literal("subject", "Hej Anna"))
            .Activity("task", "Elsa.UserTask", Literal("taskName", "Answer"), Literal("recipient", "anna.andersson@region.se"))
            .Connect("start", "Done", "mail").Connect("mail", "Done", "task");
        await engine.PublishAsync(flow.Json);
        var old = await engine.Runtime.StartAsync(new StartWorkflowRequest("retention") { Input = new JsonObject { ["phone"] = "070-1234567" } });
        await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(old.IssuedTokens[0].Token), new ResumeRequest("anna.andersson@region.se"));
        engine.Clock.Advance(TimeSpan.FromDays(731));
        var recent = await engine.Runtime.StartAsync(new StartWorkflowRequest("retention") { Input = new JsonObject { ["phone"] = "070-7654321" } });
        await engine.Runtime.ResumeAsync(BookmarkAddress.ByToken(recent.IssuedTokens[0].Token), new ResumeRequest("anna.andersson@region.se"));
        var retention = engine.Services.GetRequiredService<RetentionService>();
        var journalBefore = await engine.JournalAsync(old.InstanceId);

        var preview = await retention.PreviewAsync();
        Assert.Equal((1, journalBefore.Count, 1), (preview.Instances, preview.JournalEntries, preview.OutboxMessages));
        Assert.Equal([old.InstanceId], preview.Sample);

        Assert.Equal(1, await retention.EraseBatchAsync());
        Assert.Equal(0, await retention.EraseBatchAsync());

        var erased = await engine.InstanceAsync(old.InstanceId);
        Assert.NotNull(erased.PersonalDataErasedAt);
        Assert.DoesNotContain("070-1234567", erased.State, StringComparison.Ordinal);
        var journalAfter = await engine.JournalAsync(old.InstanceId);
        Assert.Equal(journalBefore.Select(j => (j.Kind, j.ActivityId, j.Outcome, j.Timestamp)), journalAfter.Select(j => (j.Kind, j.ActivityId, j.Outcome, j.Timestamp)));
        Assert.DoesNotContain(journalAfter, j => j.Actor?.Contains("anna", StringComparison.Ordinal) == true);
        var mail = await engine.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.InstanceId == old.InstanceId));
        Assert.Equal((RetentionService.Erased, RetentionService.Erased), (mail.Recipient, mail.Subject));
        Assert.DoesNotContain(await engine.BookmarksAsync(old.InstanceId), b => b.Recipient?.Contains("anna", StringComparison.Ordinal) == true);
        Assert.Contains("070-7654321", (await engine.InstanceAsync(recent.InstanceId)).State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_ErasesMessagesWithoutAnInstanceAfterTheirPeriod_AndGivesUpThoseStillUnsent()
    {
        await using var engine = await TestEngine.StartAsync();
        OutboxMessageRecord Message(string recipient, string status, string? lastError = null) => new()
        {
            Id = Guid.NewGuid(),
            Recipient = recipient,
            RecipientName = "Anna Andersson",
            Subject = "Din kod",
            Body = "Koden är 123456.",
            HtmlBody = "<p>Koden är 123456.</p>",
            MessageId = $"{Guid.NewGuid():N}@test",
            CreatedAt = engine.Clock.GetUtcNow(),
            NextAttemptAt = engine.Clock.GetUtcNow(),
            Status = status,
            LastError = lastError,
        };
        Task AddAsync(params OutboxMessageRecord[] messages) => engine.QueryAsync(db =>
        {
            db.Outbox.AddRange(messages);
            return db.SaveChangesAsync();
        });
        var unsent = Message("anna@region.se", OutboxStatus.Pending, "IOException: SMTP server unavailable");
        var sent = Message("anna@region.se", OutboxStatus.Sent);
        await AddAsync(unsent, sent);
        engine.Clock.Advance(TimeSpan.FromDays(31));
        var recent = Message("eva@region.se", OutboxStatus.Pending);
        await AddAsync(recent);
        var retention = engine.Services.GetRequiredService<RetentionService>();

        Assert.Equal(2, await retention.EraseMessagesWithoutInstanceAsync());
        Assert.Equal(0, await retention.EraseMessagesWithoutInstanceAsync());

        var messages = await engine.QueryAsync(db => db.Outbox.AsNoTracking().ToDictionaryAsync(m => m.Id));
        const string erased = RetentionService.Erased;
        Assert.Equal((OutboxStatus.Failed, erased, null, erased, erased, null, erased),
            Personal(messages[unsent.Id]));
        Assert.Equal((OutboxStatus.Sent, erased, null, erased, erased, null, null),
            Personal(messages[sent.Id]));
        Assert.Equal((OutboxStatus.Pending, "eva@region.se", "Anna Andersson", "Din kod", "Koden är 123456.", "<p>Koden är 123456.</p>", null),
            Personal(messages[recent.Id]));

        static (string, string, string?, string, string, string?, string?) Personal(OutboxMessageRecord m) =>
            (m.Status, m.Recipient, m.RecipientName, m.Subject, m.Body, m.HtmlBody, m.LastError);
    }
}
