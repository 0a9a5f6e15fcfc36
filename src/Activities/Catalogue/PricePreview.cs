using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Catalogue;

/// <summary>
/// What an order of a service will cost in start-up fees: every order costs one start-up fee, so the
/// first order costs one and each later additional order (tilläggsbeställning) one more. The order form
/// shows <see cref="Notice"/> before the order is sent.
/// </summary>
public sealed record PricePreview(
    string ServiceCode,
    string ServiceName,
    decimal StartupFee,
    int Ordinal,
    decimal StartupFeesForService)
{
    public bool IsAdditionalOrder => Ordinal > 1;

    /// <summary>The sentence the order form and the order receipt show (Swedish).</summary>
    public string Notice => IsAdditionalOrder
        ? $"Det här blir er beställning nummer {Ordinal} av {ServiceName}, en tilläggsbeställning: den ger ytterligare en uppstartskostnad på " +
          $"{MailText.Money(StartupFee)}, totalt {MailText.Money(StartupFeesForService)} i uppstartskostnader för tjänsten."
        : $"Första beställningen av {ServiceName} kostar en uppstartskostnad på {MailText.Money(StartupFee)}. Tänk på att det är billigare " +
          "att göra en beställning än flera: varje senare tilläggsbeställning ger ytterligare en uppstartskostnad.";

    /// <summary>
    /// Prices the next order of <paramref name="service"/> for a customer. Earlier orders count unless they
    /// ended rejected, cancelled or expired (those are not charged).
    /// </summary>
    public static async Task<PricePreview> ForNextOrderAsync(KundportalDbContext db, Guid customerOrganisationId, Service service, CancellationToken cancellationToken)
    {
        var earlier = await db.Orders.CountAsync(o => o.CustomerOrganisationId == customerOrganisationId && o.ServiceCode == service.Code
            && o.Status != OrderStatus.Rejected && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Expired, cancellationToken);
        return new PricePreview(service.Code, service.Name, service.StartupFee, earlier + 1, service.StartupFee * (earlier + 1));
    }
}
