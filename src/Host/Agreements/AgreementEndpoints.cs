using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Host.Agreements;

/// <summary>The PDF of a signed kundavtal, for the organisation's Administratör and Kontaktperson för avtalet (its page is <c>AgreementPage</c>).</summary>
public static class AgreementEndpoints
{
    public static IServiceCollection AddSignedAgreements(this IServiceCollection services) => services.AddSingleton<SignedAgreements>();

    public static IEndpointRouteBuilder MapSignedAgreements(this IEndpointRouteBuilder app)
    {
        app.MapGet("/organisation/{number}/avtal/{id:guid}/pdf", async (string number, Guid id, HttpContext http, SignedAgreements agreements) =>
        {
            // Others are refused before anything about the organisation is looked up; the answers are Swedish pages.
            if (!OrganisationNumber.TryParse(number, out var parsed, out _) || !SignedAgreements.MayRead(http.User, parsed.Digits))
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            var found = await agreements.ForOrganisationAsync(parsed.Digits, http.RequestAborted);
            if (found?.Agreements.FirstOrDefault(a => a.Agreement.Id == id) is not { } signed)
                return Results.NotFound();
            http.Response.Headers.CacheControl = "no-cache, no-store";
            return Results.File(AgreementPdf.Render(signed), "application/pdf",
                $"kundavtal-{parsed.Digits}-version-{signed.Text.Version}-{signed.SignedAt.UtcDateTime:yyyyMMdd}.pdf");
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
