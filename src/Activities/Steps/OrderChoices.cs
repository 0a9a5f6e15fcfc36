using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Descriptors;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Activities.Steps;

/// <summary>
/// What an order form offers: the active services with their offerings, by name. <see cref="CaseOfficerRequiredAt"/> is the
/// agent when the step takes only services it has a Handläggare agent for; then only those are listed.
/// </summary>
public sealed record OrderChoice(IReadOnlyList<Service> Services, Organisation? CaseOfficerRequiredAt);

/// <summary>
/// The choices of a <see cref="PlaceOrder"/> task, by the rule of the version the order runs on, so the form offers what the
/// step will take. A rule given as an expression is known only as the step runs: the form then offers every service.
/// </summary>
public sealed class OrderChoices(IServiceScopeFactory scopes, KundportalDbContextFactory dbs, WorkflowDefinitionService definitions, ActivityRegistry registry)
{
    public async Task<OrderChoice> ForTaskAsync(Guid instanceId, string activityId, CancellationToken cancellationToken = default)
    {
        WorkflowInstanceRecord instance;
        await using (var scope = scopes.CreateAsyncScope())
        {
            instance = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking()
                .SingleAsync(i => i.Id == instanceId, cancellationToken);
        }
        var definition = await definitions.GetByVersionIdAsync(instance.DefinitionVersionId, cancellationToken);
        var agentVariable = ExecutionState.Deserialise(instance.State).Variables.GetValueOrDefault(ProcessVariables.AgentOrganisationId)?.ToString();
        await using var db = dbs.CreateDbContext();
        var agent = Guid.TryParse(agentVariable, out var agentId)
            ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == agentId, cancellationToken)
            : null;
        var required = PlaceOrder.RequiresCaseOfficer(definition, activityId, registry) == true ? agent : null;

        var services = db.Services.AsNoTracking().Include(s => s.Offerings).Where(s => s.IsActive);
        if (required is not null)
        {
            services = services.Where(s => db.RoleAssignments.Any(r =>
                r.OrganisationId == required.Id && r.Role == KundportalRole.AgentCaseOfficer && r.ServiceCode == s.Code));
        }
        return new OrderChoice(await services.OrderBy(s => s.Name).ToListAsync(cancellationToken), required);
    }
}
