using Elsa.Kundportal.Activities;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Host.Auth;
using Elsa.Kundportal.Workflows;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// The people of the benchmark, put straight into the host's database through the portal's own services (not over
/// HTTP, which the portal has no page for): the agent Journalsystem AB with its beställare, attestant and handläggare,
/// Inera's handläggare, and per order the local accounts of the customer's administrator and firmatecknare, who in
/// real life get them when the application is approved. Everyone signs in with <see cref="Password"/>.
/// </summary>
internal sealed class PortalPeople : IAsyncDisposable
{
    public const string Password = "Benchmark-2026";
    public const string Officer = "handlaggare@inera.test";
    public const string AgentOrderer = "bestallare@journalsystem.test";
    public const string AgentAttestant = "attestant@journalsystem.test";
    public const string AgentCaseOfficer = "handlaggare@journalsystem.test";
    public const string AgentNine = "556677889";
    public static readonly string Agent = AgentNine + OrganisationNumber.CheckDigit(AgentNine);

    private readonly ServiceProvider _services;

    public PortalPeople(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        var database = WorkflowsDatabase.Postgres(connectionString);
        services.AddWorkflows(database);
        services.AddKundportal(database);
        services.AddDbContext<PortalIdentityDbContext, PostgresPortalIdentityDbContext>(o =>
            o.UseNpgsql(connectionString, b => b.MigrationsHistoryTable(PortalIdentityDbContext.MigrationsHistoryTable)));
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
            })
            .AddEntityFrameworkStores<PortalIdentityDbContext>();
        // The host's own hasher, run once: every account gets the same real hash, which the host checks at each login
        // as it would any password (the work of a login stays in the host), while seeding costs no hashing per person.
        services.AddSingleton<IPasswordHasher<IdentityUser>>(new OneHashPasswordHasher(new PasswordHasher<IdentityUser>().HashPassword(new IdentityUser(), Password)));
        _services = services.BuildServiceProvider();
    }

    /// <summary>The organisations and people every order meets (the host has created its schema and Inera by now).</summary>
    public async Task SeedSharedAsync()
    {
        var roles = _services.GetRequiredService<RoleAdministration>();
        await roles.SaveOrganisationAsync(Agent, "Journalsystem AB", OrganisationKind.Agent);
        await PersonAsync(roles, CatalogueSeed.IneraOrganisationNumber, Officer, "Ingrid Inera", KundportalRole.IneraCaseOfficer);
        await PersonAsync(roles, Agent, AgentOrderer, "Bo Beställare", KundportalRole.Orderer);
        await PersonAsync(roles, Agent, AgentAttestant, "Agnes Attestant", KundportalRole.Attestant);
        await roles.SaveUserAsync(AgentCaseOfficer, "Hanna Handläggare", "070-123 45 67");
        await roles.AssignRoleAsync(Agent, AgentCaseOfficer, KundportalRole.AgentCaseOfficer, "benchmark", "NPO");
    }

    /// <summary>Local accounts (sign-in only; the process itself makes them portal users and gives them roles).</summary>
    public async Task AccountsAsync(params string[] emails)
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        foreach (var email in emails)
        {
            var result = await users.CreateAsync(new IdentityUser { UserName = email, Email = email, EmailConfirmed = true }, Password);
            if (!result.Succeeded)
                throw new InvalidOperationException($"The account {email} could not be created: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private async Task PersonAsync(RoleAdministration roles, string organisation, string email, string name, KundportalRole role)
    {
        await roles.SaveUserAsync(email, name, "070-123 45 67");
        await roles.SetPersonalNumberAsync(email, Elsa.Kundportal.Testing.BankId.TestPersonalNumbers.For(email), "benchmark");
        await roles.AssignRoleAsync(organisation, email, role, "benchmark");
        await AccountsAsync(email);
    }

    /// <summary>Hands out one precomputed hash (of <see cref="Password"/>); checks as the real hasher does.</summary>
    private sealed class OneHashPasswordHasher(string hash) : IPasswordHasher<IdentityUser>
    {
        private readonly PasswordHasher<IdentityUser> _real = new();

        public string HashPassword(IdentityUser user, string password) =>
            password == Password ? hash : throw new InvalidOperationException("The benchmark gives everyone the same password.");

        public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword) =>
            _real.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
