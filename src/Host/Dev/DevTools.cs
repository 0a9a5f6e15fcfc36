using Elsa.Kundportal.Host.Infrastructure;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Host.Dev;

/// <summary>The dev mailbox and the demo login: only in the embedded mode and in Development.</summary>
internal static class DevTools
{
    /// <summary>Delivers SMS (and e-mail, unless SMTP is configured) to the dev mailbox.</summary>
    public static IServiceCollection AddDevMailbox(this IServiceCollection services, bool deliverEmail)
    {
        if (deliverEmail)
            services.AddSingleton<IMessageTransport>(new DevMailboxTransport(OutboxChannels.Email));
        services.AddSingleton<IMessageTransport>(new DevMailboxTransport(OutboxChannels.Sms));
        return services;
    }

    public static WebApplication MapDevTools(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<KundportalSettings>().DevTools)
            return app;
        var dev = app.MapGroup("/dev").ExcludeFromDescription();
        dev.MapDevMailbox();
        dev.MapDevLogin();
        return app;
    }
}
