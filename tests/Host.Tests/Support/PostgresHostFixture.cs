namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>The production configuration: PostgreSQL (a fresh database per test class), Hangfire on PostgreSQL, SMTP, no dev tools.</summary>
public sealed class PostgresHostFixture() : ProductionHostFixture("host");
