using System.Reflection;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Elsa.Kundportal.Workflows;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database the engine uses.</summary>
public sealed record WorkflowsDatabase(DatabaseProvider Provider, string ConnectionString)
{
    public static WorkflowsDatabase Postgres(string connectionString) => new(DatabaseProvider.Postgres, connectionString);
    public static WorkflowsDatabase Sqlite(string connectionString) => new(DatabaseProvider.Sqlite, connectionString);
}

/// <summary>An assembly whose [Activity] classes the registry loads.</summary>
public sealed record ActivityAssembly(Assembly Assembly);

public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>Adds the engine: registry with the built-in activities, definitions, runtime, outbox and due work, on the given database.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, WorkflowsDatabase database, Action<WorkflowsOptions>? configure = null)
    {
        services.AddOptions<WorkflowsOptions>().Configure(o => configure?.Invoke(o));
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddActivitiesFrom(typeof(Activities.Start).Assembly);
        services.TryAddSingleton(sp =>
        {
            var registry = new ActivityRegistry();
            foreach (var assembly in sp.GetServices<ActivityAssembly>().Select(a => a.Assembly).Distinct())
                registry.RegisterAssembly(assembly);
            return registry;
        });
        services.TryAddSingleton<WorkflowDefinitionValidator>();
        services.TryAddSingleton<WorkflowDefinitionService>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<EventPublisher>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<DueWorkProcessor>();
        services.TryAddSingleton<IWorkScheduler, NoWorkScheduler>();
        services.TryAddSingleton<WorkflowsStartup>();
        services.TryAddSingleton<Retention.RetentionService>();
        services.AddOptions<Retention.RetentionOptions>();
        services.AddOptions<SmtpOptions>();
        services.AddOptions<Http.HttpActivityOptions>();
        // Outgoing calls of the HTTP activities: the job's own timeout (from TimeProvider) governs, not HttpClient's.
        services.AddHttpClient(Http.OutgoingHttpRequestHandler.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDueBookmarkHandler, Http.OutgoingHttpRequestHandler>());

        switch (database.Provider)
        {
            case DatabaseProvider.Postgres:
                services.AddDbContextPool<PostgresWorkflowsDbContext>(o => o.UseNpgsql(WithPreparedStatements(database.ConnectionString)).UseSnakeCaseNamingConvention());
                services.AddScoped<WorkflowsDbContext>(sp => sp.GetRequiredService<PostgresWorkflowsDbContext>());
                break;
            case DatabaseProvider.Sqlite:
                services.AddDbContextPool<SqliteWorkflowsDbContext>(o => o.UseSqlite(database.ConnectionString).UseSnakeCaseNamingConvention());
                services.AddScoped<WorkflowsDbContext>(sp => sp.GetRequiredService<SqliteWorkflowsDbContext>());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(database));
        }
        return services;
    }

    /// <summary>
    /// A step runs the same few statements every time; letting Npgsql prepare them saves PostgreSQL
    /// parsing and planning on every step. An explicit setting in the connection string wins.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
            builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    public static IServiceCollection AddActivitiesFrom(this IServiceCollection services, Assembly assembly)
    {
        services.AddSingleton(new ActivityAssembly(assembly));
        return services;
    }

    /// <summary>Delivers e-mail through SMTP (MailKit).</summary>
    public static IServiceCollection AddSmtpMail(this IServiceCollection services, Action<SmtpOptions> configure)
    {
        services.Configure(configure);
        services.AddSingleton<IMessageTransport, SmtpMailTransport>();
        return services;
    }

    /// <summary>Lets Hangfire run timers, mail delivery and the sweep. The host configures Hangfire's storage and server.</summary>
    public static IServiceCollection AddWorkflowsHangfire(this IServiceCollection services)
    {
        services.RemoveAll<IWorkScheduler>();
        services.AddSingleton<IWorkScheduler, HangfireWorkScheduler>();
        services.TryAddTransient<DueWorkJobs>();
        return services;
    }
}
