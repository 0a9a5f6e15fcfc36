using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// One Kundportal activity's view of a step: the execution context, the domain context enlisted in the
/// step's transaction, the options, and the process records the step works on (loaded once).
/// </summary>
public sealed class StepScope : IAsyncDisposable
{
    private Order? _order;
    private Organisation? _customer;
    private Organisation? _agent;
    private Application? _application;
    private Agreement? _agreement;

    private StepScope(ActivityExecutionContext context, KundportalDbContext db)
    {
        Context = context;
        Db = db;
        Options = context.Services.GetRequiredService<IOptions<KundportalOptions>>().Value;
    }

    public ActivityExecutionContext Context { get; }
    public KundportalDbContext Db { get; }
    public KundportalOptions Options { get; }
    public DateTimeOffset Now => Context.Now;
    public CancellationToken CancellationToken => Context.CancellationToken;

    /// <summary>When the current human step's links and task expire (null outside waiting steps).</summary>
    public DateTimeOffset? ExpiresAt { get; internal set; }

    public static StepScope Open(ActivityExecutionContext context) => new(context, KundportalDbContextFactory.ForStep(context));

    public Task SaveAsync() => Db.SaveChangesAsync(CancellationToken);

    public ValueTask DisposeAsync() => Db.DisposeAsync();

    /// <summary>A domain id kept in a process variable; a missing one is a modelling error (the step before did not run).</summary>
    public Guid RequireId(string variable) =>
        Context.GetVariable<string>(variable) is { } text && Guid.TryParse(text, out var id)
            ? id
            : throw new InvalidOperationException($"The variable '{variable}' is not set: the step that creates it must run before '{Context.Node.DisplayLabel}'.");

    public void SetId(string variable, Guid id) => Context.SetVariable(variable, id.ToString());

    public async Task<Organisation> CustomerAsync() => _customer ??= await OrganisationAsync(RequireId(ProcessVariables.CustomerOrganisationId));

    public async Task<Organisation> AgentAsync() => _agent ??= await OrganisationAsync(RequireId(ProcessVariables.AgentOrganisationId));

    public Task<Organisation> OrganisationAsync(Guid id) => Db.Organisations.SingleAsync(o => o.Id == id, CancellationToken);

    public async Task<Order> OrderAsync()
    {
        var id = RequireId(ProcessVariables.OrderId);
        return _order ??= await Db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == id, CancellationToken);
    }

    public async Task<Application> ApplicationAsync()
    {
        var id = RequireId(ProcessVariables.ApplicationId);
        return _application ??= await Db.Applications.SingleAsync(a => a.Id == id, CancellationToken);
    }

    public async Task<Agreement> AgreementAsync()
    {
        var id = RequireId(ProcessVariables.AgreementId);
        return _agreement ??= await Db.Agreements.SingleAsync(a => a.Id == id, CancellationToken);
    }

    public async Task<Organisation> IneraAsync() => await Db.Organisations.SingleAsync(o => o.Kind == OrganisationKind.Inera, CancellationToken);

    public Task<Service> ServiceAsync(string code) =>
        Db.Services.Include(s => s.Offerings).SingleAsync(s => s.Code == code, CancellationToken);

    public Task<List<User>> UsersWithRoleAsync(Guid organisationId, KundportalRole role, string? serviceCode = null) =>
        Db.UsersWithRole(organisationId, role, serviceCode).ToListAsync(CancellationToken);

    public async Task<IReadOnlyList<TaskRecipient>> RecipientsWithRoleAsync(Guid organisationId, KundportalRole role, string? serviceCode = null) =>
        [.. (await UsersWithRoleAsync(organisationId, role, serviceCode)).Select(TaskRecipient.Of)];

    /// <summary>Queues an e-mail in the outbox, in the step's transaction.</summary>
    public void Mail(TaskRecipient to, string subject, string body) =>
        Context.Send(new OutgoingMessage(to.Email, subject, body) { RecipientName = to.Name });
}
