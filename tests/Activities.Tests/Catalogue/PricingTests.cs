using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Elsa.Kundportal.Activities.Tests.Support.KundportalHarness;

namespace Elsa.Kundportal.Activities.Tests.Catalogue;

public sealed class PricingTests
{
    [Fact]
    public async Task SecondOrderOfTheSameService_IsPricedWithASecondStartupFee()
    {
        await using var kp = await CreateAsync();
        await kp.SeedStandardPartiesAsync();
        await kp.SeedExistingCustomerAsync();

        var before = await kp.Queries.PreviewPriceAsync(People.ExistingCustomerNumber, "NPO");
        Assert.Equal((1, 15000m, 15000m, false), (before!.Ordinal, before.StartupFee, before.StartupFeesForService, before.IsAdditionalOrder));
        Assert.StartsWith("Första beställningen av Nationell patientöversikt (NPÖ) kostar en uppstartskostnad på 15 000 kr.", before.Notice, StringComparison.Ordinal);

        var first = await kp.StartExistingCustomerAsync();
        await kp.AnswerOkAsync(People.CustomerOrderer, Order());
        await kp.AnswerOkAsync(People.AgentOrderer, Proceed());
        await kp.AnswerOkAsync(People.AgentAttestant, kp.Attest());
        await kp.AnswerOkAsync(People.CustomerAttestant, kp.Attest());
        Assert.Equal((OrderStatus.Completed, 1, false), ((await kp.OrderAsync(first)).Status, (await kp.OrderAsync(first)).OrdinalForService, (await kp.OrderAsync(first)).IsAdditionalOrder));

        var preview = await kp.Queries.PreviewPriceAsync(People.ExistingCustomerNumber, "NPO");
        Assert.Equal((2, 15000m, 30000m, true), (preview!.Ordinal, preview.StartupFee, preview.StartupFeesForService, preview.IsAdditionalOrder));
        Assert.Equal("Det här blir er beställning nummer 2 av Nationell patientöversikt (NPÖ), en tilläggsbeställning: den ger ytterligare en uppstartskostnad på 15 000 kr, totalt 30 000 kr i uppstartskostnader för tjänsten.",
            preview.Notice);
        Assert.Equal(1, (await kp.Queries.PreviewPriceAsync(People.ExistingCustomerNumber, "JOURNALEN"))!.Ordinal);

        kp.Clock.Advance(TimeSpan.FromDays(40));
        var second = await kp.StartExistingCustomerAsync();
        // Care units are required only on the first order of a service.
        await kp.AnswerOkAsync(People.CustomerOrderer, Order(careUnits: []));
        var order = await kp.OrderAsync(second);
        Assert.Equal(("CS1000002", 15000m, 2, true), (order.CaseNumber, order.StartupFee, order.OrdinalForService, order.IsAdditionalOrder));
        var receipt = Assert.Single(await kp.MailsSinceAsync(kp.Now), m => m.Subject == "Beställning CS1000002 är skickad");
        Assert.Equal(People.CustomerOrderer, receipt.Recipient);
        Assert.Contains(preview.Notice, receipt.Body, StringComparison.Ordinal);
        var decision = (await kp.JournalAsync(second)).Single(j => j.Kind == "Decision");
        Assert.EndsWith("uppstartskostnad 15 000 kr (tilläggsbeställning, nummer 2 av tjänsten)", decision.Message, StringComparison.Ordinal);
        Assert.Contains("\"additionalOrder\":true", decision.Data, StringComparison.Ordinal);
        var line = Assert.Single(order.Lines);
        Assert.Null(line.CareUnitHsaId);
        Assert.Equal(500003, line.ItemNumber); // after the first order's two lines

        // An order that ends rejected is not charged, so it does not count.
        await kp.AnswerOkAsync(People.AgentOrderer, new { decision = "Rejected", reason = "Dubblett." });
        Assert.Equal(2, (await kp.Queries.PreviewPriceAsync(People.ExistingCustomerNumber, "NPO"))!.Ordinal);
    }

    [Fact]
    public async Task Preview_UnknownCustomerOrService_IsNull()
    {
        await using var kp = await CreateAsync(importDefinitions: false);
        await kp.SeedExistingCustomerAsync();

        Assert.Null(await kp.Queries.PreviewPriceAsync(People.ExistingCustomerNumber, "NOPE"));
        Assert.Null(await kp.Queries.PreviewPriceAsync(People.NewCustomerNumber, "NPO"));
    }

    [Fact]
    public async Task Catalogue_IsSeeded_AndEditable()
    {
        await using var kp = await CreateAsync(importDefinitions: false);
        var catalogue = kp.Services.GetRequiredService<Activities.Catalogue.ServiceCatalogue>();

        var services = await catalogue.ListAsync();
        Assert.Equal(["1177 journal", "Journalen", "Nationell patientöversikt (NPÖ)", "Personuppgiftstjänsten", "Webcert"], services.Select(s => s.Name));
        Assert.Equal(["Webcert Fristående"], services.Single(s => s.Code == "WEBCERT").Offerings.Select(o => o.Name));

        await catalogue.SaveServiceAsync("NPO", "Nationell patientöversikt (NPÖ)", requiresCareUnitsOnFirstOrder: true, startupFee: 17500m);
        await catalogue.SaveOfferingAsync("NPO", "NPO-TEST", "NPÖ Test", isActive: false);
        await kp.SeedExistingCustomerAsync();
        Assert.Equal(17500m, (await kp.Queries.PreviewPriceAsync(People.ExistingCustomerNumber, "NPO"))!.StartupFee);
        Assert.DoesNotContain((await catalogue.ListAsync()).Single(s => s.Code == "NPO").Offerings, o => o.Code == "NPO-TEST");

        // Start-up runs again without undoing the edit.
        await kp.Services.GetRequiredService<KundportalStartup>().InitialiseAsync();
        Assert.Equal(17500m, (await catalogue.ListAsync()).Single(s => s.Code == "NPO").StartupFee);
    }
}
