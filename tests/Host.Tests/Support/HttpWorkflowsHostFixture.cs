namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>The production configuration for the HTTP activities: outgoing calls time out after five seconds of the host's clock.</summary>
public sealed class HttpWorkflowsHostFixture() : ProductionHostFixture("httpworkflows", new Dictionary<string, string?>
{
    ["Kundportal:Http:Timeout"] = "00:00:05",
});
