using Elsa.Kundportal.Host.Infrastructure.Authentication;
using Elsa.Kundportal.Host.Infrastructure.Security;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Elsa.Kundportal.Host.Infrastructure;

internal static class ApiDocsSetup
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "/api-docs";

    public static IServiceCollection AddKundportalOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Elsa.Kundportal API";
            document.Info.Description = "The workflow engine's API under /elsa/api (Elsa-shaped). Staff only: send an API key in the X-Api-Key header, "
                + "or sign in (in the embedded mode: /dev/login). Errors are RFC 7807 Problem Details.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "A key from Kundportal:ApiKeys with the staff role.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
            });
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>
    /// The OpenAPI document and an interactive page; the page's script is served by the host, nothing comes from outside.
    /// The page starts itself with an inline script, so it has its own Content-Security-Policy (no personal data is on it).
    /// </summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(PagePath, o =>
        {
            o.Title = "Elsa.Kundportal API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.AddPreferredSecuritySchemes(ApiKeyAuthenticationHandler.SchemeName);
        }).WithContentSecurityPolicy(ContentSecurityPolicy.ApiReference);
        return app;
    }
}
