using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Elsa.Kundportal.Host.Infrastructure.Security;

/// <summary>
/// The host behind a reverse proxy that terminates TLS: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are read
/// only from the proxies in <c>Kundportal:ForwardedHeaders</c> (so the client address rate limits count on and the
/// scheme that makes cookies <c>Secure</c> cannot be claimed by anyone else), HSTS outside Development, and the
/// security headers of <see cref="SecurityHeadersMiddleware"/>.
/// </summary>
internal static class HttpSecuritySetup
{
    public static IServiceCollection AddKundportalHttpSecurity(this IServiceCollection services, KundportalSettings settings)
    {
        var settingsOf = settings.Options.ForwardedHeaders;
        // Parsed here, so a wrong address stops the host at start rather than at its first request.
        var proxies = settingsOf.KnownProxies.Select(proxy => IPAddress.TryParse(proxy, out var address)
            ? address
            : throw new InvalidOperationException($"{KundportalHostOptions.Section}:ForwardedHeaders:KnownProxies has '{proxy}', which is not an IP address.")).ToList();
        var networks = settingsOf.KnownNetworks.Select(network => System.Net.IPNetwork.TryParse(network, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"{KundportalHostOptions.Section}:ForwardedHeaders:KnownNetworks has '{network}', which is not a network in CIDR notation (e.g. 10.0.0.0/24).")).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = settingsOf.ForwardLimit;
            // ASP.NET Core trusts loopback by default; here only what is configured.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The old list still holds loopback and is still read: empty it too.
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseKundportalHttpSecurity(this WebApplication app)
    {
        // With no proxy configured the middleware would believe every sender (it only checks when it has a list):
        // then it is left out and the headers are ignored.
        var proxies = app.Services.GetRequiredService<KundportalSettings>().Options.ForwardedHeaders;
        if (proxies.KnownProxies.Count > 0 || proxies.KnownNetworks.Count > 0)
            app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        return app;
    }
}
