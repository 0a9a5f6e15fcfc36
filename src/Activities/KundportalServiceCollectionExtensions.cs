using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Elsa.Kundportal.Activities;

public static class KundportalServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Kundportal process on top of the engine (call <c>AddWorkflows</c> with the same database):
    /// the activities, the domain context, the process starter, role administration, catalogue and queries.
    /// At start-up run <see cref="WorkflowsStartup"/> and then <see cref="KundportalStartup"/>.
    /// </summary>
    public static IServiceCollection AddKundportal(this IServiceCollection services, WorkflowsDatabase database, Action<KundportalOptions>? configure = null)
    {
        services.AddOptions<KundportalOptions>().Configure(o => configure?.Invoke(o));
        services.TryAddSingleton(TimeProvider.System);
        services.AddActivitiesFrom(typeof(KundportalServiceCollectionExtensions).Assembly);
        services.TryAddSingleton(new KundportalDbContextFactory(database));
        services.TryAddScoped<KundportalDbContext>(sp => sp.GetRequiredService<KundportalDbContextFactory>().CreateDbContext());
        services.TryAddSingleton<KundportalStartup>();
        services.TryAddSingleton<AgentOrderProcess>();
        services.TryAddSingleton<RoleAdministration>();
        services.TryAddSingleton<RoleChanges>();
        services.TryAddSingleton<OrganisationRegistry>();
        services.TryAddSingleton<ServiceCatalogue>();
        services.TryAddSingleton<KundportalQueries>();
        services.TryAddSingleton<Tasks.StepUpProofs>();
        services.TryAddSingleton<Steps.OrderChoices>();
        return services;
    }
}
