using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Activities;

/// <summary>Queues an e-mail in the outbox within the step's transaction; the dispatcher delivers it after commit.</summary>
[Activity("Elsa", "Email", "Sends an e-mail (through the outbox: sent after the step commits, retried while SMTP is down).")]
public sealed class SendEmail : CodeActivity
{
    [Input(Description = "Recipients' e-mail addresses.", Required = true, UIHint = InputUIHints.MultiText)]
    public Input<string[]>? To { get; set; }

    [Input(Description = "The subject.", Required = true)]
    public Input<string>? Subject { get; set; }

    [Input(Description = "The body (plain text).", UIHint = InputUIHints.MultiLine)]
    public Input<string>? Body { get; set; }

    protected override void Execute(ActivityExecutionContext context)
    {
        var subject = context.Get(Subject) ?? "";
        var body = context.Get(Body) ?? "";
        foreach (var to in context.Get(To) ?? [])
            context.Send(new OutgoingMessage(to, subject, body));
    }
}
