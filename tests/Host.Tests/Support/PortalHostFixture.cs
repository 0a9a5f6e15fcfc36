namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// The production configuration with the shipped process definitions, as people use the portal: PostgreSQL (a fresh
/// database per test class), Hangfire on PostgreSQL, and a real SMTP server in the test as the host's SMTP. Signing and
/// BankID attestations use the BankID simulator, so the host runs in the test environment with it (no demo data).
/// </summary>
public sealed class PortalHostFixture() : ProductionHostFixture("portal", new Dictionary<string, string?>
{
    ["Kundportal:DefinitionsFolder"] = null,
    // Every test person signs in from 127.0.0.1; the limits themselves are tested on their own host.
    ["Kundportal:RateLimits:LoginPerMinute"] = "1000",
}, bankIdSimulator: true);
