using System.Text.Json;
using Elsa.Kundportal.Workflows.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Elsa.Kundportal.Host.Infrastructure.Observability;

/// <summary>
/// OpenTelemetry traces and metrics (the engine's, the outbox's, ASP.NET Core's), a Prometheus-format
/// endpoint at <see cref="MetricsPath"/>, and health checks for the database, Hangfire and SMTP at
/// <see cref="HealthPath"/>. Traces and metrics also go to an OTLP collector when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";
    public const string HealthPath = "/health";
    public const string ServiceName = "Elsa.Kundportal";

    /// <summary>Route values and query parameters that are capabilities (task links, the BankID app, password links).</summary>
    private static readonly HashSet<string> Secrets = new(StringComparer.OrdinalIgnoreCase) { "token", "autoStartToken" };

    public static IServiceCollection AddKundportalObservability(this IServiceCollection services, IConfiguration configuration)
    {
        // ASP.NET Core's request lines ("Request starting … /tasks/{the token}") would put link tokens in the logs at
        // Information; they stay at Warning whatever the configuration says for Microsoft.AspNetCore.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t =>
            {
                t.AddSource(WorkflowTelemetry.Name).AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsPath);
                    o.EnrichWithHttpResponse = HideLinkTokens;
                });
                if (otlp)
                    t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddMeter(WorkflowTelemetry.Name, OutboxMetrics.MeterName).AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (otlp)
                    m.AddOtlpExporter();
            });
        services.AddSingleton<OutboxMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxMetrics>());
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<HangfireHealthCheck>("hangfire", tags: ["ready"])
            .AddCheck<SmtpHealthCheck>("smtp", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// A span of a request whose address carries a capability records the route template (<c>/tasks/{token}</c>) as its
    /// path and no query, so traces never hold a working link.
    /// </summary>
    private static void HideLinkTokens(System.Diagnostics.Activity activity, HttpResponse response)
    {
        var http = response.HttpContext;
        if (http.GetEndpoint() is RouteEndpoint endpoint && endpoint.RoutePattern.Parameters.Any(p => Secrets.Contains(p.Name)))
        {
            var template = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            activity.SetTag("url.path", template);
            activity.DisplayName = $"{http.Request.Method} {template}";
        }
        if (http.Request.Query.Keys.Any(Secrets.Contains))
            activity.SetTag("url.query", null);
    }

    public static WebApplication MapKundportalObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = WriteAsync });
        return app;
    }

    // Names, statuses and short descriptions only: never exception text, which may carry connection details.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        }, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
