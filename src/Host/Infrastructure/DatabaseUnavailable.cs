using System.Globalization;
using Elsa.Kundportal.Host.Pages;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace Elsa.Kundportal.Host.Infrastructure;

/// <summary>
/// The answer while the database cannot be reached (a restart, a failover): 503 with <c>Retry-After</c>, saying whether
/// the step happened. Machines (the APIs and <c>/workflows</c>) get Problem Details; people a page in Swedish.
/// </summary>
internal static class DatabaseUnavailable
{
    /// <summary>Seconds a client should wait before sending the same request again; a restart or failover takes about that.</summary>
    public const int RetryAfterSeconds = 5;

    private static readonly string[] MachinePrefixes = ["/api", "/elsa/api", "/workflows", "/hangfire", "/health", "/metrics"];

    public static async ValueTask<bool> AnswerAsync(HttpContext http, Exception exception, IProblemDetailsService problems)
    {
        var unknown = exception is DatabaseUnavailableException { OutcomeUnknown: true };
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (IsPerson(http.Request))
        {
            var happened = unknown
                ? "Anslutningen bröts medan steget sparades, så det går inte att säga om det hann sparas. Försök igen om en liten stund: "
                  + "har steget redan sparats får du veta det, inget görs två gånger."
                : "Steget genomfördes inte och inget har sparats. Försök igen om en liten stund; du kan skicka samma sak igen.";
            await HtmlPage.Render(http, "Tillfälligt avbrott",
                $"""
                <h1>Tillfälligt avbrott</h1>
                <div class="message" role="alert">
                <p>Kundportalen når inte sin databas just nu, till exempel under en omstart.</p>
                <p>{HtmlPage.Encode(happened)}</p>
                </div>
                """, StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable.",
                Detail = unknown
                    ? "The connection to the database was lost while the step was being committed: it may or may not have happened. "
                      + "Sending the same request again after Retry-After is safe: a resume that happened is answered as already handled, "
                      + "a start with the same Idempotency-Key returns its instance."
                    : $"The database could not be reached (a restart or a failover). The step did not happen; send the same request again after {RetryAfterSeconds} seconds.",
            },
        });
    }

    /// <summary>A browser asking for a page, not a machine calling an API.</summary>
    private static bool IsPerson(HttpRequest request) =>
        !MachinePrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
