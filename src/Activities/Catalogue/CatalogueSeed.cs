using Elsa.Kundportal.Activities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Catalogue;

/// <summary>The example catalogue: services ordered through agents, with their offerings. Amounts are examples.</summary>
public static class CatalogueSeed
{
    /// <summary>Inera AB. Applications are approved by this organisation's Inera handläggare.</summary>
    public const string IneraOrganisationNumber = "5565594230";

    public static IReadOnlyList<Service> Services { get; } =
    [
        NewService("NPO", "Nationell patientöversikt (NPÖ)", true, 15000m, ("NPO-KONSUMENT", "NPÖ Konsument"), ("NPO-PRODUCENT", "NPÖ Producent")),
        NewService("JOURNALEN", "Journalen", true, 12000m, ("JOURNALEN-PRODUCENT", "Journalen Producent")),
        NewService("PU", "Personuppgiftstjänsten", false, 8000m, ("PU-ANSLUTNING", "Personuppgiftstjänsten Anslutning")),
        NewService("JOURNAL1177", "1177 journal", true, 12000m, ("JOURNAL1177-PRODUCENT", "1177 journal Producent")),
        NewService("WEBCERT", "Webcert", false, 10000m, ("WEBCERT-FRISTAENDE", "Webcert Fristående")),
    ];

    /// <summary>Adds the Inera organisation and whatever catalogue rows are missing. Returns how many rows were added.</summary>
    public static async Task<int> ApplyAsync(Persistence.KundportalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var added = 0;
        if (!await db.Organisations.AnyAsync(o => o.OrganisationNumber == IneraOrganisationNumber, cancellationToken))
        {
            db.Organisations.Add(new Organisation
            {
                Id = Guid.CreateVersion7(now), OrganisationNumber = IneraOrganisationNumber, Name = "Inera AB",
                Kind = OrganisationKind.Inera, HasCustomerAgreement = false, CreatedAt = now,
            });
            added++;
        }
        var services = await db.Services.Select(s => s.Code).ToListAsync(cancellationToken);
        var offerings = await db.Offerings.Select(o => o.Code).ToListAsync(cancellationToken);
        foreach (var seed in Services)
        {
            if (!services.Contains(seed.Code))
            {
                db.Services.Add(new Service
                {
                    Code = seed.Code, Name = seed.Name, RequiresCareUnitsOnFirstOrder = seed.RequiresCareUnitsOnFirstOrder,
                    StartupFee = seed.StartupFee, IsActive = true,
                });
                added++;
            }
            foreach (var offering in seed.Offerings.Where(o => !offerings.Contains(o.Code)))
            {
                db.Offerings.Add(new Offering { Code = offering.Code, ServiceCode = seed.Code, Name = offering.Name });
                added++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    private static Service NewService(string code, string name, bool requiresCareUnits, decimal fee, params (string Code, string Name)[] offerings) => new()
    {
        Code = code,
        Name = name,
        RequiresCareUnitsOnFirstOrder = requiresCareUnits,
        StartupFee = fee,
        Offerings = [.. offerings.Select(o => new Offering { Code = o.Code, ServiceCode = code, Name = o.Name })],
    };
}
