using Elsa.Kundportal.Activities;
using Elsa.Kundportal.Host.Dev;
using Elsa.Kundportal.Host.Sms;
using Elsa.Kundportal.Workflows;
using Elsa.Kundportal.Workflows.Scheduling;
using Hangfire;

namespace Elsa.Kundportal.Host.Infrastructure;

internal static class WorkflowsSetup
{
    /// <summary>Resolves the host's settings once and registers them; everything else is configured from them.</summary>
    public static KundportalSettings AddKundportalSettings(this WebApplicationBuilder builder)
    {
        var settings = KundportalSettings.Resolve(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        return settings;
    }

    /// <summary>The engine and the Kundportal process on the configured database, with the definitions folder.</summary>
    public static IServiceCollection AddKundportalWorkflows(this IServiceCollection services, KundportalSettings settings)
    {
        var database = settings.Database == KundportalDatabase.Postgres
            ? WorkflowsDatabase.Postgres(settings.ConnectionString)
            : WorkflowsDatabase.Sqlite(settings.ConnectionString);
        services.AddWorkflows(database, o =>
        {
            o.DefinitionsFolder = settings.DefinitionsFolder;
            o.MessageIdDomain = settings.PublicBaseUrl.Host;
        });
        services.AddKundportal(database, o => o.PublicBaseUrl = settings.PublicBaseUrl.GetLeftPart(UriPartial.Path));
        // Ineras Kundservice as texts name it: Kundportal:KundserviceEmail and Kundportal:KundservicePhone (empty leaves the phone out).
        services.AddOptions<KundportalOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var section = configuration.GetSection(KundportalHostOptions.Section);
            if (!string.IsNullOrWhiteSpace(section[nameof(KundportalOptions.KundserviceEmail)]))
                options.KundserviceEmail = section[nameof(KundportalOptions.KundserviceEmail)]!.Trim();
            if (section[nameof(KundportalOptions.KundservicePhone)] is { } phone)
                options.KundservicePhone = phone;
        });
        return services;
    }

    /// <summary>
    /// E-mail: SMTP when <c>Kundportal:Smtp:Host</c> is set; otherwise the dev mailbox, which exists only with the dev
    /// tools. Production without SMTP is refused at start rather than letting mail pile up unsent.
    /// SMS: the HTTP gateway when <c>Kundportal:Sms:GatewayUrl</c> is set, in every mode; otherwise the dev mailbox with
    /// the dev tools, and without them nothing (the host warns at start; see <see cref="SmsSetup.WarnIfSmsCannotBeDelivered"/>).
    /// </summary>
    public static IServiceCollection AddKundportalMail(this IServiceCollection services, KundportalSettings settings, IConfiguration configuration)
    {
        var smtp = configuration.GetSection($"{KundportalHostOptions.Section}:Smtp");
        var hasSmtp = !string.IsNullOrWhiteSpace(smtp["Host"]);
        if (hasSmtp)
            services.AddSmtpMail(smtp.Bind);
        else if (!settings.DevTools)
            throw new InvalidOperationException($"Set {KundportalHostOptions.Section}:Smtp:Host (and Port, Security, FromAddress) so e-mail can be delivered.");
        var hasSmsGateway = services.AddSmsGateway(configuration);
        if (settings.DevTools)
            services.AddDevMailbox(deliverEmail: !hasSmtp, deliverSms: !hasSmsGateway);
        return services;
    }

    /// <summary>Migrates the database, imports the definitions folder, seeds the domain and schedules the due-work sweep.</summary>
    public static async Task InitialiseKundportalAsync(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<KundportalSettings>();
        app.WarnIfSmsCannotBeDelivered();
        if (settings.DataFolder is { } folder)
            Directory.CreateDirectory(folder);
        await app.Services.GetRequiredService<WorkflowsStartup>().InitialiseAsync(app.Lifetime.ApplicationStopping);
        await app.Services.GetRequiredService<KundportalStartup>().InitialiseAsync(app.Lifetime.ApplicationStopping);
        HangfireWorkScheduler.RegisterRecurringJobs(app.Services.GetRequiredService<IRecurringJobManager>());
        // Timers that fell due while the host was down, and mail left unsent, go now rather than at the next minute's sweep.
        app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DueWorkJobs>(j => j.SweepAsync(CancellationToken.None));
    }
}
