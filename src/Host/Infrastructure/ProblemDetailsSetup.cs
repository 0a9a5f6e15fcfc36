using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Infrastructure;

internal static class ProblemDetailsSetup
{
    /// <summary>Every error answers with RFC 7807 Problem Details; a request the server cannot read is a 400, never a 500.</summary>
    public static IServiceCollection AddKundportalProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<RequestExceptionHandler>();
        // Unreadable bodies throw in every environment, so the handler below turns them into a precise 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseKundportalErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Turns the exceptions a client causes into 4xx Problem Details, and a database that cannot be reached into a 503 that
/// says the step did not happen; anything else stays a 500.
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
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string Describe(BadHttpRequestException bad, JsonException json) =>
        json.LineNumber is { } line
            ? $"{bad.Message} The JSON is malformed at {json.Path ?? "$"} (line {line + 1}, position {json.BytePositionInLine + 1})."
            : $"{bad.Message} {json.Message}";
}
