using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Steps;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>What a task's confirmation must cover: the document, whose BankID must sign it, and the methods the step takes.</summary>
public sealed record StepUpTarget(SignedDocument Document, string? PersonalNumber, IReadOnlyList<string> Methods);

/// <summary>
/// The host's side of <see cref="StepUp"/>: what a person is asked to confirm on a task (built from the same records and
/// by the same rules as the step checks it), and recording a confirmation the host saw succeed.
/// </summary>
public sealed class StepUpProofs(KundportalDbContextFactory dbs, TimeProvider clock)
{
    public const string SignAgreementType = "Kundportal.SignAgreement";
    public const string AgentAttestationType = "Kundportal.AgentAttestation";
    public const string CustomerAttestationType = "Kundportal.CustomerAttestation";

    /// <summary>True for the steps whose decisions are confirmed with BankID or an SMS code.</summary>
    public static bool NeedsStepUp(string activityType) => activityType is SignAgreementType or AgentAttestationType or CustomerAttestationType;

    /// <summary>
    /// What <paramref name="email"/> confirms by answering the task behind <paramref name="bookmark"/> with
    /// <paramref name="decision"/> (and <paramref name="reason"/>); null when the task needs no confirmation.
    /// </summary>
    public async Task<StepUpTarget?> TargetAsync(BookmarkRecord bookmark, string email, string decision, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bookmark);
        await using var db = dbs.CreateDbContext();
        switch (bookmark.ActivityType)
        {
            case SignAgreementType:
            {
                var application = await db.Applications.AsNoTracking().SingleAsync(a => a.WorkflowInstanceId == bookmark.InstanceId, cancellationToken);
                var agreement = await db.Agreements.AsNoTracking().Where(a => a.ApplicationId == application.Id).OrderByDescending(a => a.CreatedAt).FirstAsync(cancellationToken);
                var customer = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == application.OrganisationId, cancellationToken);
                return new StepUpTarget(SignedDocument.ForAgreement(agreement, application, customer.Name, decision, reason), agreement.SignatoryPersonalNumber, [StepUpProof.BankId]);
            }
            case AgentAttestationType or CustomerAttestationType:
            {
                var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.WorkflowInstanceId == bookmark.InstanceId, cancellationToken);
                var service = await db.Services.AsNoTracking().Include(s => s.Offerings).FirstOrDefaultAsync(s => s.Code == order.ServiceCode, cancellationToken);
                var customer = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == order.CustomerOrganisationId, cancellationToken);
                var agent = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == order.AgentOrganisationId, cancellationToken);
                var party = bookmark.ActivityType == AgentAttestationType ? AgentAttestation.PartyName : CustomerAttestation.PartyName;
                var normalised = User.NormaliseEmail(email);
                var personalNumber = await db.Users.AsNoTracking().Where(u => u.Email == normalised).Select(u => u.PersonalNumber).FirstOrDefaultAsync(cancellationToken);
                return new StepUpTarget(SignedDocument.ForOrder(order, service, customer, agent, party, decision, reason), personalNumber, [StepUpProof.BankId, StepUpProof.Sms]);
            }
            default:
                return null;
        }
    }

    /// <summary>
    /// Records a confirmation the host saw succeed over the document with <paramref name="documentHash"/>, for the step
    /// to consume. It replaces an unused earlier one for the same link, person and decision.
    /// </summary>
    public async Task<StepUpProof> RecordAsync(
        BookmarkRecord bookmark, string email, string decision, string method, string reference, string documentHash,
        DateTimeOffset? sessionStartedAt, string? personalNumber = null, string? completion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bookmark);
        ArgumentException.ThrowIfNullOrEmpty(documentHash);
        var now = clock.GetUtcNow();
        var proof = new StepUpProof
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = bookmark.InstanceId,
            BookmarkId = bookmark.Id,
            Email = User.NormaliseEmail(email),
            Decision = decision,
            Method = method,
            Reference = reference,
            DocumentHash = documentHash,
            PersonalNumber = personalNumber,
            Completion = completion,
            VerifiedAt = now,
            SessionStartedAt = sessionStartedAt,
        };
        await using var db = dbs.CreateDbContext();
        await db.StepUpProofs.Where(p => p.BookmarkId == proof.BookmarkId && p.Email == proof.Email && p.Decision == decision && p.ConsumedAt == null)
            .ExecuteDeleteAsync(cancellationToken);
        db.StepUpProofs.Add(proof);
        await db.SaveChangesAsync(cancellationToken);
        return proof;
    }
}
