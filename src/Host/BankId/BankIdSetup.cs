using Elsa.Kundportal.Host.BankId.Simulator;
using Elsa.Kundportal.Host.Infrastructure;

namespace Elsa.Kundportal.Host.BankId;

/// <summary>Which BankID the host talks to: the real one (configured), the development simulator, or none.</summary>
internal sealed record BankIdMode(bool Configured, bool Simulated);

internal static class BankIdSetup
{
    /// <summary>
    /// BankID: the Relying Party API client when <c>Kundportal:BankId:BaseAddress</c> is set (in every mode; settings that
    /// cannot work stop the host here with a message saying what to fix); otherwise the simulator, only with the
    /// development tools; otherwise none, and BankID pages say it cannot be used.
    /// </summary>
    public static IServiceCollection AddKundportalBankId(this IServiceCollection services, KundportalSettings settings, IConfiguration configuration)
    {
        var section = configuration.GetSection(BankIdOptions.Section);
        if (!string.IsNullOrWhiteSpace(section[nameof(BankIdOptions.BaseAddress)]))
        {
            var (options, certificates) = BankIdOptions.Resolve(section);
            services.AddSingleton(certificates);
            services.AddHttpClient<IBankIdClient, BankIdHttpClient>(client =>
                {
                    client.BaseAddress = new Uri(options.BaseAddress!.AbsoluteUri.TrimEnd('/') + "/");
                    client.Timeout = options.Timeout;
                })
                .ConfigurePrimaryHttpMessageHandler(() => BankIdHttpClient.CreateHandler(certificates));
            services.AddSingleton(new BankIdMode(Configured: true, Simulated: false));
        }
        else if (settings.DevTools)
        {
            services.AddScoped<BankIdSimulator>();
            services.AddScoped<IBankIdClient>(sp => sp.GetRequiredService<BankIdSimulator>());
            services.AddSingleton(new BankIdMode(Configured: false, Simulated: true));
        }
        else
        {
            services.AddSingleton<IBankIdClient, UnavailableBankIdClient>();
            services.AddSingleton(new BankIdMode(Configured: false, Simulated: false));
        }
        services.AddScoped<BankIdSessions>();
        return services;
    }

    /// <summary>"Logga in med BankID", and the simulator's app page when the simulator stands in for BankID.</summary>
    public static WebApplication MapBankId(this WebApplication app)
    {
        app.MapBankIdLogin();
        var mode = app.Services.GetRequiredService<BankIdMode>();
        if (mode.Simulated)
            app.MapBankIdSimulator();
        else if (!mode.Configured)
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BankIdSetup).FullName!).LogWarning(
                "BankID is not configured ({Setting}): signing the agreement, attesting with BankID and \"Logga in med BankID\" cannot be used. See README, BankID.",
                $"{BankIdOptions.Section}:BaseAddress");
        }
        return app;
    }

    /// <summary>Without BankID settings and without the development tools: every order is refused, and people are told so.</summary>
    private sealed class UnavailableBankIdClient : IBankIdClient
    {
        private static BankIdException NotConfigured() => new(BankIdException.Unauthorized, "BankID is not configured.", 0);

        public Task<BankIdStarted> AuthAsync(BankIdOrderRequest request, CancellationToken cancellationToken) => throw NotConfigured();

        public Task<BankIdStarted> SignAsync(BankIdOrderRequest request, CancellationToken cancellationToken) => throw NotConfigured();

        public Task<BankIdCollected> CollectAsync(string orderRef, CancellationToken cancellationToken) => throw NotConfigured();

        public Task CancelAsync(string orderRef, CancellationToken cancellationToken) => throw NotConfigured();
    }
}
