using System.Security.Claims;
using Elsa.Kundportal.Activities.Agreements;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Host.Auth;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Agreements;

/// <summary>A signed kundavtal as the customer reads it: the record, the organisation and the text version signed.</summary>
public sealed record SignedAgreement(Agreement Agreement, Organisation Organisation, CustomerAgreementText Text)
{
    public DateTimeOffset SignedAt => Agreement.SignedAt!.Value;
    /// <summary>The SHA-256 of the text version, as stored with the signature.</summary>
    public string TextSha256 => Agreement.TextSha256 ?? Text.Sha256;
}

/// <summary>
/// The organisation's signed agreements, for the people who may read them: its Administratör and its Kontaktperson för
/// avtalet (nobody else, Inera's staff included, reads them here).
/// </summary>
public sealed class SignedAgreements(KundportalDbContextFactory dbs)
{
    public static bool MayRead(ClaimsPrincipal user, string organisationDigits) =>
        user.HasRole(organisationDigits, KundportalRole.Administrator) || user.HasRole(organisationDigits, KundportalRole.AgreementContact);

    /// <summary>The organisation and its signed agreements, newest first; null when the organisation does not exist.</summary>
    public async Task<(Organisation Organisation, IReadOnlyList<SignedAgreement> Agreements)?> ForOrganisationAsync(string organisationDigits, CancellationToken cancellationToken)
    {
        await using var db = dbs.CreateDbContext();
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.OrganisationNumber == organisationDigits, cancellationToken);
        if (organisation is null)
            return null;
        var agreements = await db.Agreements.AsNoTracking()
            .Where(a => a.OrganisationId == organisation.Id && a.Status == AgreementStatus.Signed && a.SignedAt != null)
            .ToListAsync(cancellationToken);
        return (organisation, [.. agreements.OrderByDescending(a => a.SignedAt).Select(a => new SignedAgreement(a, organisation, SignedDocument.TextOf(a)))]);
    }
}
