using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Elsa.Kundportal.Host.Operations;

/// <summary>
/// Erases the people in the Kundportal records of finished orders when retention erases their instances:
/// who ordered, reviewed, attested and closed an order and why, the participants told by e-mail, and the
/// contact persons of the customer application (the signatory's personnummer too), the step-up proofs (with their BankID
/// completion data) and the personnummer of an agreement that was never signed. Case numbers, statuses, times, services
/// and the organisations stay, so the figures do. Signed agreements are contracts and are not erased here.
/// Runs on the retention batch's connection and transaction, so the batch commits or rolls back whole.
/// </summary>
internal sealed class KundportalPersonalDataEraser(KundportalDbContextFactory factory) : IPersonalDataEraser
{
    public async Task EraseAsync(IServiceProvider services, IReadOnlyList<Guid> instanceIds, CancellationToken cancellationToken)
    {
        var engine = services.GetRequiredService<WorkflowsDbContext>();
        await using var db = factory.Create(engine.Database.GetDbConnection());
        if (engine.Database.CurrentTransaction is { } transaction)
            await db.Database.UseTransactionAsync(transaction.GetDbTransaction(), cancellationToken);

        var orders = await db.Orders.Where(o => o.WorkflowInstanceId != null && instanceIds.Contains(o.WorkflowInstanceId.Value)).ToListAsync(cancellationToken);
        foreach (var order in orders)
        {
            order.OrderedByEmail = RetentionService.Erased;
            order.OrderedByName = RetentionService.Erased;
            order.ReviewedByEmail = Erase(order.ReviewedByEmail);
            order.AgentAttestantEmail = Erase(order.AgentAttestantEmail);
            order.AgentAttestedByEmail = Erase(order.AgentAttestedByEmail);
            order.CustomerAttestedByEmail = Erase(order.CustomerAttestedByEmail);
            order.ClosedByEmail = Erase(order.ClosedByEmail);
            order.CloseReason = Erase(order.CloseReason);
            order.InvoiceReference = Erase(order.InvoiceReference);
            order.Participants = [];
        }
        var applications = await db.Applications.Where(a => a.WorkflowInstanceId != null && instanceIds.Contains(a.WorkflowInstanceId.Value)).ToListAsync(cancellationToken);
        foreach (var application in applications)
        {
            foreach (var person in new[] { application.Administrator, application.Signatory, application.AgreementContact })
            {
                person.Name = RetentionService.Erased;
                person.Email = RetentionService.Erased;
                person.Phone = RetentionService.Erased;
            }
            application.SignatoryPersonalNumber = null;
            application.SubmittedBy = Erase(application.SubmittedBy);
            application.DecidedBy = Erase(application.DecidedBy);
            application.DecisionReason = Erase(application.DecisionReason);
        }
        var applicationIds = applications.Select(a => (Guid?)a.Id).ToList();
        await db.Agreements.Where(a => applicationIds.Contains(a.ApplicationId) && a.Status != Activities.Domain.AgreementStatus.Signed)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.SignatoryPersonalNumber, (string?)null), cancellationToken);
        await db.StepUpProofs.Where(p => instanceIds.Contains(p.InstanceId)).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Erase(string? value) => value is null ? null : RetentionService.Erased;
}

/// <summary>The daily retention run, as a Hangfire recurring job: erases batch after batch until nothing is due.</summary>
internal sealed class RetentionJob(RetentionService retention, ILogger<RetentionJob> logger)
{
    public const string JobId = "kundportal-retention";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int erased;
        do
        {
            erased = await retention.EraseBatchAsync(cancellationToken);
            total += erased;
        }
        while (erased > 0 && !cancellationToken.IsCancellationRequested);
        var messages = await retention.EraseMessagesWithoutInstanceAsync(cancellationToken);
        logger.LogInformation("Retention erased personal data of {Count} finished instances and {Messages} one-time code and password-link messages", total, messages);
    }
}
