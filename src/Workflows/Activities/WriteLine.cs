using Elsa.Kundportal.Workflows.Model;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Workflows.Activities;

[Activity("Elsa", "Primitives", "Writes a line of text to the log.")]
public sealed class WriteLine : CodeActivity
{
    [Input(Description = "The text to write (empty writes an empty line).")]
    public Input<string> Text { get; set; } = new("");

    protected override void Execute(ActivityExecutionContext context)
    {
        var logger = context.Services.GetRequiredService<ILoggerFactory>().CreateLogger<WriteLine>();
        logger.LogInformation("{Text}", context.Get(Text) ?? "");
    }
}
