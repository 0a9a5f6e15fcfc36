using Elsa.Kundportal.Host.Infrastructure;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Host.Dev;

/// <summary>
/// The dev mailbox and the demo login (with the BankID simulator, registered in <c>AddPortalAccounts</c>): only in the
/// Development environment, or in another one that switches them on with <c>Kundportal:DevTools</c>; never in Production.
/// </summary>
internal static class DevTools
{
    /// <summary>Delivers e-mail (unless SMTP is configured) and SMS (unless an SMS gateway is configured) to the dev mailbox.</summary>
    public static IServiceCollection AddDevMailbox(this IServiceCollection services, bool deliverEmail, bool deliverSms)
    {
        if (deliverEmail)
            services.AddSingleton<IMessageTransport>(new DevMailboxTransport(OutboxChannels.Email));
        if (deliverSms)
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
