using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Catalogue;

/// <summary>The service catalogue: read by the order form, edited by Inera staff (seeded by <see cref="CatalogueSeed"/>).</summary>
public sealed class ServiceCatalogue(KundportalDbContextFactory dbs)
{
    /// <summary>The services that can be ordered, with their active offerings, by name.</summary>
    public async Task<IReadOnlyList<Service>> ListAsync(bool includeInactive = false, CancellationToken cancellationToken = default)
    {
        await using var db = dbs.CreateDbContext();
        var services = await db.Services.AsNoTracking().Include(s => s.Offerings)
            .Where(s => includeInactive || s.IsActive).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        foreach (var service in services)
            service.Offerings = [.. service.Offerings.Where(o => includeInactive || o.IsActive).OrderBy(o => o.Name)];
        return services;
    }

    /// <summary>Adds or changes a service (name, care-unit rule, start-up fee, active).</summary>
    public async Task SaveServiceAsync(string code, string name, bool requiresCareUnitsOnFirstOrder, decimal startupFee, bool isActive = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(startupFee);
        await using var db = dbs.CreateDbContext();
        var service = await db.Services.FirstOrDefaultAsync(s => s.Code == code, cancellationToken);
        if (service is null)
            db.Services.Add(service = new Service { Code = code, Name = name });
        service.Name = name;
        service.RequiresCareUnitsOnFirstOrder = requiresCareUnitsOnFirstOrder;
        service.StartupFee = startupFee;
        service.IsActive = isActive;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds or changes an offering of an existing service.</summary>
    public async Task SaveOfferingAsync(string serviceCode, string code, string name, bool isActive = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var db = dbs.CreateDbContext();
        if (!await db.Services.AnyAsync(s => s.Code == serviceCode, cancellationToken))
            throw new ArgumentException($"Tjänsten '{serviceCode}' finns inte.", nameof(serviceCode));
        var offering = await db.Offerings.FirstOrDefaultAsync(o => o.Code == code, cancellationToken);
        if (offering is null)
            db.Offerings.Add(offering = new Offering { Code = code, ServiceCode = serviceCode, Name = name });
        offering.Name = name;
        offering.IsActive = isActive;
        await db.SaveChangesAsync(cancellationToken);
    }
}
