using System.Text.Json;
using Elsa.Kundportal.Host.Pages;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Infrastructure;

internal static class ProblemDetailsSetup
{
    /// <summary>
    /// Errors answer APIs with RFC 7807 Problem Details and people with a readable Swedish page; a request the server
    /// cannot read is a 400, never a 500.
    /// </summary>
    public static IServiceCollection AddKundportalProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<RequestExceptionHandler>();
        services.AddExceptionHandler<ErrorPageExceptionHandler>();
        // Unreadable bodies throw in every environment, so the handler below turns them into a precise 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseKundportalErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (RequestKinds.IsApi(http.Request))
            {
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails { Status = http.Response.StatusCode },
                });
                return;
            }
            await ErrorPages.WriteAsync(http, http.Response.StatusCode);
        });
        return app;
    }
}

/// <summary>
/// Turns the exceptions a client causes into 4xx answers (Problem Details, or a page for people), and a database that
/// cannot be reached into a 503 that says the step did not happen; anything else is left to the next handler.
/// </summary>
internal sealed class RequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (DatabaseErrors.IsTransient(exception))
            return await DatabaseUnavailable.AnswerAsync(httpContext, exception, problems);
        var problem = exception switch
        {
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request could not be read.",
                Detail = bad.InnerException is JsonException json ? Describe(bad, json) : bad.Message,
            },
            DbUpdateException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The change conflicts with another change.",
                Detail = "Someone else changed the same data at the same time. Reload and try again.",
            },
            _ => null,
        };
        if (problem is null)
            return false;
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (!RequestKinds.IsApi(httpContext.Request))
        {
            await ErrorPages.WriteAsync(httpContext, problem.Status.Value);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string Describe(BadHttpRequestException bad, JsonException json) =>
        json.LineNumber is { } line
            ? $"{bad.Message} The JSON is malformed at {json.Path ?? "$"} (line {line + 1}, position {json.BytePositionInLine + 1})."
            : $"{bad.Message} {json.Message}";
}

/// <summary>Any other exception: people get the Swedish "något gick fel" page; APIs fall through to the 500 Problem Details.</summary>
internal sealed class ErrorPageExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (RequestKinds.IsApi(httpContext.Request))
            return false;
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await ErrorPages.WriteAsync(httpContext, StatusCodes.Status500InternalServerError);
        return true;
    }
}

/// <summary>Which answers are for machines (Problem Details) and which for people (pages).</summary>
internal static class RequestKinds
{
    /// <summary>The APIs and the machine endpoints (the HTTP workflows under <c>/workflows</c> too) by path, and any request that asks for JSON rather than HTML.</summary>
    public static bool IsApi(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/elsa/api", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/workflows", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/studio/token", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The Swedish error pages people get (the same shell as every page, no details of what failed inside).</summary>
internal static class ErrorPages
{
    public static Task WriteAsync(HttpContext http, int status)
    {
        var (title, text) = status switch
        {
            StatusCodes.Status400BadRequest => ("Felaktig begäran", "Adressen eller formuläret innehöll något som inte gick att läsa. Kontrollera adressen, eller gå tillbaka och försök igen."),
            StatusCodes.Status401Unauthorized => ("Du behöver logga in", "Logga in och försök igen."),
            StatusCodes.Status403Forbidden => ("Ingen behörighet", "Du har inte behörighet till den här sidan. Har du nyss fått en ny roll, ladda om sidan."),
            StatusCodes.Status404NotFound => ("Sidan finns inte", "Adressen finns inte i Kundportalen. Kontrollera att du har skrivit eller kopierat hela adressen."),
            StatusCodes.Status405MethodNotAllowed => ("Det går inte att göra så", "Sidan kan inte användas på det här sättet. Gå tillbaka och försök igen."),
            StatusCodes.Status409Conflict => ("Någon annan ändrade samtidigt", "Samma uppgifter ändrades samtidigt av någon annan. Ladda om sidan och försök igen."),
            StatusCodes.Status413PayloadTooLarge => ("För mycket på en gång", "Det du skickade var för stort. Korta ner texten och försök igen."),
            StatusCodes.Status429TooManyRequests => ("För många försök", "Du har gjort för många försök på kort tid. Vänta en minut och försök igen."),
            StatusCodes.Status503ServiceUnavailable => ("Kundportalen är inte tillgänglig just nu", "Försök igen om en stund."),
            >= 500 => ("Något gick fel", $"Ett fel uppstod hos oss. Försök igen om en stund. Kvarstår felet, kontakta Ineras Kundservice ({Tasks.TaskPages.Kundservice(http)}) och uppge felkoden {http.TraceIdentifier}."),
            _ => ("Det gick inte", "Begäran kunde inte utföras. Gå tillbaka och försök igen."),
        };
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        var body = $"""
            <h1>{HtmlPage.Encode(title)}</h1>
            <p>{HtmlPage.Encode(text)}</p>
            <p><a href="/">Till startsidan</a></p>
            """;
        return http.Response.WriteAsync(HtmlPage.Document(title, body), http.RequestAborted);
    }
}
