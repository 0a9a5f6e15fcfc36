using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Host.Sms;

/// <summary>The SMS gateway for one-time codes: on when <c>Kundportal:Sms:GatewayUrl</c> is set, in every mode.</summary>
internal static class SmsSetup
{
    /// <summary>
    /// Registers the gateway when <c>Kundportal:Sms:GatewayUrl</c> is set and returns whether it did. Settings that
    /// cannot work stop the host here, at start, with a message saying what to fix.
    /// </summary>
    public static bool AddSmsGateway(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SmsGatewayOptions.Section);
        if (string.IsNullOrWhiteSpace(section[nameof(SmsGatewayOptions.GatewayUrl)]))
            return false;
        services.AddSingleton(Options.Create(SmsGatewayOptions.Resolve(section)));
        // The transport enforces its own timeout on the host's clock; the client's would only race it.
        services.AddHttpClient(SmsGatewayTransport.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(_ => true);
        services.AddSingleton<IMessageTransport, SmsGatewayTransport>();
        return true;
    }

    /// <summary>Says at start, once, when nothing can deliver SMS: one-time codes would be retried and then marked Failed.</summary>
    public static void WarnIfSmsCannotBeDelivered(this WebApplication app)
    {
        if (app.Services.GetServices<IMessageTransport>().Any(t => t.Channel == OutboxChannels.Sms))
            return;
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SmsSetup).FullName!).LogWarning(
            "SMS one-time codes cannot be delivered: no SMS gateway is configured. Set {Setting} (see README, configuration). " +
            "Until then every SMS is retried and then marked Failed, and attesting with an SMS code cannot be completed.",
            $"{SmsGatewayOptions.Section}:GatewayUrl");
    }
}
