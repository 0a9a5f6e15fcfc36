using Elsa.Kundportal.Host.Api.Operations;
using Elsa.Kundportal.Workflows.Retention;
using Hangfire;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>The operations dashboard: its policy, queries and actions, its API, and the daily retention run.</summary>
internal static class OperationsSetup
{
    public const string RetentionSection = "Kundportal:Retention";

    public static IServiceCollection AddKundportalOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOperationsPolicy();
        services.AddSingleton<StepNames>();
        services.AddSingleton<OperationsQueries>();
        services.AddSingleton<OperationsActions>();
        services.AddSingleton<VersionMigration>();
        services.AddSingleton<IPersonalDataEraser, KundportalPersonalDataEraser>();
        services.AddTransient<RetentionJob>();
        // Kundportal:Retention:KeepFinishedFor (default 730 days, about 24 months), KeepMessagesWithoutInstanceFor (30 days) and BatchSize.
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionSection));
        return services;
    }

    public static WebApplication MapKundportalOperations(this WebApplication app)
    {
        app.MapOperationsApi();
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<RetentionJob>(RetentionJob.JobId, j => j.RunAsync(CancellationToken.None), Cron.Daily(2));
        return app;
    }
}
