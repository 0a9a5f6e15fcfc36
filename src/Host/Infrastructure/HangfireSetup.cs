using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Host.Infrastructure.Security;
using Elsa.Kundportal.Workflows;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Elsa.Kundportal.Host.Infrastructure;

internal static class HangfireSetup
{
    public const string DashboardPath = "/hangfire";

    /// <summary>
    /// Hangfire executes the engine's due work. The embedded mode keeps jobs in memory: the due work itself is in the
    /// workflow tables, so the sweep re-derives whatever a restart lost. Production keeps jobs in PostgreSQL.
    /// </summary>
    public static IServiceCollection AddKundportalHangfire(this IServiceCollection services, KundportalSettings settings)
    {
        // Registered before AddHangfire, which would otherwise hand out the process-wide JobStorage.Current and
        // JobActivator.Current: two hosts in one process (as in tests) must each run their own jobs on their own services.
        services.AddSingleton<JobStorage>(_ => settings.Database == KundportalDatabase.Postgres
            ? PostgresStorage(settings.ConnectionString)
            : new InMemoryStorage(new InMemoryStorageOptions()));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        var hangfire = settings.Options.Hangfire;
        services.AddHangfireServer(o =>
        {
            o.WorkerCount = hangfire.WorkerCount;
            o.SchedulePollingInterval = hangfire.SchedulePollingInterval;
            o.ShutdownTimeout = hangfire.ShutdownTimeout;
        });
        services.AddWorkflowsHangfire();
        return services;
    }

    /// <summary>The dashboard, for staff only.</summary>
    public static IEndpointConventionBuilder MapKundportalHangfireDashboard(this WebApplication app) =>
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            // The endpoint's authorization policy decides who gets in; Hangfire's own default allows local requests only.
            Authorization = [],
            AsyncAuthorization = [],
            DisplayStorageConnectionString = false,
            DashboardTitle = "Kundportal: jobb",
            AppPath = "/",
        }).RequireAuthorization(KundportalAuthentication.StaffPolicy)
            // Hangfire's pages set style attributes; their scripts are files.
            .WithContentSecurityPolicy(ContentSecurityPolicy.InlineStyles);

    private static PostgreSqlStorage PostgresStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            // LISTEN/NOTIFY: a job enqueued by one node starts within milliseconds rather than at the next poll.
            EnableLongPolling = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
