using System.Globalization;
using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>
/// Sends an HTTP request and continues on the port named after the answer's status code when it is one of the expected
/// codes, else on <c>Unmatched status code</c>, and on <c>Done</c> with either (as Elsa does). No answer continues on
/// <c>Failed to connect</c> or <c>Timeout</c> when the definition connects that port; otherwise it is an incident.
/// </summary>
[Activity("Elsa", "HTTP", "Send an HTTP request.", DisplayName = "HTTP Request (flow)")]
[FlowNode(Unmatched, FailedToConnect, TimedOut, "Done")]
public sealed class FlowSendHttpRequest : SendHttpRequestBase
{
    public const string Unmatched = "Unmatched status code";
    public const string FailedToConnect = "Failed to connect";
    public const string TimedOut = "Timeout";

    [Input(Description = "The status codes to branch on; each becomes a port.", UIHint = InputUIHints.MultiText, DefaultValue = "[200]", Order = 6)]
    public Input<int[]>? ExpectedStatusCodes { get; set; }

    public override IReadOnlyList<string>? GetDynamicOutcomes() =>
        [.. LiteralCodes().Select(c => c.ToString(CultureInfo.InvariantCulture)), Unmatched, FailedToConnect, TimedOut, "Done"];

    public override IEnumerable<(string Input, string Message)> Validate()
    {
        if (LiteralCodes().Any(c => c is < 100 or > 599))
            yield return ("expectedStatusCodes", "status codes are numbers from 100 to 599.");
    }

    protected override void OnResponse(ActivityExecutionContext context, int statusCode)
    {
        var expected = context.Get(ExpectedStatusCodes) ?? [];
        if (expected.Length == 0)
            context.Complete("Done");
        else
            context.Complete(expected.Contains(statusCode) ? statusCode.ToString(CultureInfo.InvariantCulture) : Unmatched, "Done");
    }

    protected override void OnFailure(ActivityExecutionContext context, string outcome, string error)
    {
        if (!context.Flowchart.Outbound(context.ActivityId).Any(c => c.Source.Port == outcome))
            base.OnFailure(context, outcome, error);
        context.Journal($"{outcome}: {error}", outcome: outcome);
        context.Complete(outcome);
    }

    private int[] LiteralCodes() => ExpectedStatusCodes is not null && ExpectedStatusCodes.TryGetLiteral(out var codes) && codes is not null ? codes : [];
}
