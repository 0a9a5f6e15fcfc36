using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>
/// Waits for a person or a machine to answer over HTTP. A link token (256 random bits, only its
/// hash stored) addresses the bookmark; the answer names one of the task's outcomes.
/// </summary>
[Activity("Elsa", "Tasks", "Waits for an answer through a personal link or the bookmark API; continues on the chosen outcome.")]
public sealed class UserTask : Activity
{
    public const string StimulusName = "Elsa.UserTask";

    [Input(Description = "What the task is called.", Required = true)]
    public Input<string>? TaskName { get; set; }

    [Input(Description = "Who may answer (user id or e-mail). Empty: anyone with the token.")]
    public Input<string>? Recipient { get; set; }

    [Input(Description = "How long the link is valid. Empty: no expiry.")]
    public Input<TimeSpan?>? ExpiresIn { get; set; }

    [Input(Description = "The possible answers; each becomes a port.", UIHint = InputUIHints.DynamicOutcomes, DefaultValue = "[\"Done\"]")]
    public Input<string[]>? Outcomes { get; set; }

    [Output(Description = "The answer's data.")]
    public Output<object>? Result { get; set; }

    public override IReadOnlyList<string>? GetDynamicOutcomes() =>
        Outcomes is not null && Outcomes.TryGetLiteral(out var outcomes) && outcomes is { Length: > 0 } ? outcomes : ["Done"];

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var expiresIn = context.Get(ExpiresIn);
        var recipient = context.Get(Recipient);
        context.CreateBookmark(new BookmarkOptions
        {
            Name = StimulusName,
            Payload = new System.Text.Json.Nodes.JsonObject { ["taskName"] = context.Get(TaskName) },
            IssueToken = true,
            Recipient = string.IsNullOrWhiteSpace(recipient) ? null : recipient,
            ExpiresAt = expiresIn is { } e ? context.Now + e : null,
        });
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var allowed = context.Get(Outcomes) is { Length: > 0 } o ? o : ["Done"];
        var outcome = context.ResumeInput?["outcome"]?.ToString() ?? (allowed.Length == 1 ? allowed[0] : null);
        if (outcome is null || !allowed.Contains(outcome, StringComparer.Ordinal))
            context.RejectInput($"Choose one of: {string.Join(", ", allowed)}.", new Dictionary<string, string> { ["outcome"] = "Unknown or missing outcome." });
        context.Set(Result, context.ResumeInput);
        context.Complete(outcome);
        return ValueTask.CompletedTask;
    }
}
