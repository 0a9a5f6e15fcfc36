using Elsa.Kundportal.Workflows.Model;

namespace Elsa.Kundportal.Workflows.Activities;

[Activity("Elsa", "Flow", "Where the flowchart begins.")]
public sealed class Start : CodeActivity;
