using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// A step that waits for people: it sends reminders and expires after the times set in the designer
/// (defaults from <see cref="KundportalOptions.StepDefaults"/>: 3 and 7 days, 30 days). Reminders and
/// expiry are durable timer bookmarks; a reminder does not complete the step, expiry completes it with
/// <see cref="ExpiredOutcome"/>. Subclasses say what starting, reminding, expiring and continuing mean.
/// </summary>
public abstract class WaitingActivity : Activity
{
    public const string ExpiredOutcome = "Expired";
    public const string ReminderBookmark = "Kundportal.Reminder";
    public const string ExpiryBookmark = "Kundportal.Expiry";
    protected const string TimingCategory = "Påminnelser och giltighet";
    protected const string ExpiresAtProperty = "expiresAt";

    [Input(DisplayName = "Första påminnelse efter", Category = TimingCategory, Order = 100, DefaultValue = "\"P3D\"",
        Description = "Skicka en påminnelse om ingen har agerat efter så här lång tid (t.ex. P3D). 0 = ingen påminnelse.")]
    public Input<TimeSpan?>? FirstReminderAfter { get; set; }

    [Input(DisplayName = "Andra påminnelse efter", Category = TimingCategory, Order = 101, DefaultValue = "\"P7D\"",
        Description = "Skicka en andra påminnelse efter så här lång tid från stegets början (t.ex. P7D). 0 = ingen.")]
    public Input<TimeSpan?>? SecondReminderAfter { get; set; }

    [Input(DisplayName = "Går ut efter", Category = TimingCategory, Order = 102, DefaultValue = "\"P30D\"",
        Description = "Efter så här lång tid utan åtgärd går steget ut: länkarna slutar gälla, alla berörda får veta det och ärendet avslutas (utfall Expired).")]
    public Input<TimeSpan?>? ExpiresAfter { get; set; }

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        var first = Literal(FirstReminderAfter);
        var second = Literal(SecondReminderAfter);
        var expires = Literal(ExpiresAfter);
        if (expires is { } e && e <= TimeSpan.Zero)
            yield return ("expiresAfter", "tiden tills steget går ut måste vara längre än 0.");
        if (first < TimeSpan.Zero)
            yield return ("firstReminderAfter", "en påminnelse kan inte komma före stegets början.");
        if (second < TimeSpan.Zero)
            yield return ("secondReminderAfter", "en påminnelse kan inte komma före stegets början.");
        if (first > TimeSpan.Zero && second > TimeSpan.Zero && second <= first)
            yield return ("secondReminderAfter", "den andra påminnelsen måste komma efter den första.");
        if (expires is { } limit && (first >= limit || second >= limit))
            yield return (first >= limit ? "firstReminderAfter" : "secondReminderAfter", "en påminnelse måste komma innan steget går ut.");
    }

    public sealed override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        await using var step = StepScope.Open(context);
        var defaults = step.Options.StepDefaults;
        var expiresAfter = context.Get(ExpiresAfter) ?? defaults.ExpiresAfter;
        step.ExpiresAt = context.Now + expiresAfter;
        context.SetProperty(ExpiresAtProperty, step.ExpiresAt);
        await BeginAsync(step);
        if (!context.IsCompleted)
        {
            var reminders = new[] { context.Get(FirstReminderAfter) ?? defaults.FirstReminderAfter, context.Get(SecondReminderAfter) ?? defaults.SecondReminderAfter };
            for (var i = 0; i < reminders.Length; i++)
            {
                if (reminders[i] > TimeSpan.Zero && reminders[i] < expiresAfter)
                    context.CreateBookmark(new BookmarkOptions { Name = ReminderBookmark, ResumeAt = context.Now + reminders[i], Metadata = new JsonObject { ["reminder"] = i + 1 } });
            }
            context.CreateBookmark(new BookmarkOptions { Name = ExpiryBookmark, ResumeAt = step.ExpiresAt });
        }
        await step.SaveAsync();
    }

    public sealed override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        await using var step = StepScope.Open(context);
        step.ExpiresAt = context.GetProperty<DateTimeOffset?>(ExpiresAtProperty);
        switch (context.ResumedBookmark?.Name)
        {
            case ReminderBookmark:
                var number = Metadata(context)?["reminder"]?.GetValue<int>() ?? 1;
                var reminded = await RemindAsync(step, number);
                context.Journal($"Påminnelse {number} skickad till {string.Join(", ", reminded)}",
                    new JsonObject { ["reminder"] = number, ["recipients"] = Array(reminded) }, kind: KundportalJournalKinds.Reminder);
                break;
            case ExpiryBookmark:
                var told = await ExpireAsync(step);
                context.Journal($"Tiden gick ut {MailText.Date(context.Now)}; underrättade: {string.Join(", ", told)}",
                    new JsonObject { ["expiredAt"] = context.Now, ["told"] = Array(told) }, outcome: ExpiredOutcome, kind: KundportalJournalKinds.Expired);
                context.Complete(ExpiredOutcome);
                break;
            default:
                await ContinueAsync(step);
                break;
        }
        await step.SaveAsync();
    }

    /// <summary>Starts the wait (creates links or event bookmarks and tells people), or completes at once.</summary>
    protected abstract Task BeginAsync(StepScope step);

    /// <summary>Sends reminder <paramref name="number"/>; returns who was reminded.</summary>
    protected abstract Task<IReadOnlyList<string>> RemindAsync(StepScope step, int number);

    /// <summary>Records the expiry in the domain and tells everyone concerned; returns who was told.</summary>
    protected abstract Task<IReadOnlyList<string>> ExpireAsync(StepScope step);

    /// <summary>Handles the stimulus the step waits for (a person's answer, an event).</summary>
    protected abstract Task ContinueAsync(StepScope step);

    protected static JsonObject? Metadata(ActivityExecutionContext context) =>
        context.ResumedBookmark?.Metadata is { } text ? JsonNode.Parse(text) as JsonObject : null;

    protected static JsonArray Array(IEnumerable<string> values) => [.. values.Select(v => JsonValue.Create(v))];

    private static TimeSpan? Literal(Input<TimeSpan?>? input) => input is not null && input.TryGetLiteral(out var value) ? value : null;
}

/// <summary>Journal kinds the Kundportal steps write besides the engine's.</summary>
public static class KundportalJournalKinds
{
    /// <summary>A person decided: who, when, how and why.</summary>
    public const string Decision = "Decision";
    public const string Reminder = "Reminder";
    public const string Expired = "Expired";
    /// <summary>Something the process did or found (roles missing, application received, handover).</summary>
    public const string Notice = "Notice";
}
