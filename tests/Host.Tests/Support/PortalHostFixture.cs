namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// The production configuration with the shipped process definitions, as people use the portal: PostgreSQL (a fresh
/// database per test class), Hangfire on PostgreSQL, a real SMTP server in the test as the host's SMTP, and BankID's
/// Relying Party API as a TLS stand-in (<see cref="Elsa.Kundportal.Testing.BankId.BankIdStandIn"/>).
/// </summary>
public sealed class PortalHostFixture() : ProductionHostFixture("portal", new Dictionary<string, string?>
{
    ["Kundportal:DefinitionsFolder"] = null,
    // Every test person signs in from 127.0.0.1; the limits themselves are tested on their own host.
    ["Kundportal:RateLimits:LoginPerMinute"] = "1000",
}, bankId: true);
