using System.Threading.RateLimiting;
using Elsa.Kundportal.Host.Infrastructure;
using Elsa.Kundportal.Workflows.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Auth;

/// <summary>Limits per client address and minute on the endpoints an attacker would hammer.</summary>
public sealed class PortalRateLimits
{
    public const string Section = "Kundportal:RateLimits";
    public const string Login = "login";
    public const string Tasks = "tasks";
    public const string Otp = "otp";

    public int LoginPerMinute { get; set; } = 20;
    public int TasksPerMinute { get; set; } = 240;
    public int OtpPerMinute { get; set; } = 20;

    /// <summary>SMS one-time codes one person may be sent per hour (held in the database, so across hosts).</summary>
    public int SmsCodesPerHour { get; set; } = 10;
}

internal static class PortalAccountsSetup
{
    /// <summary>Settings of the key ring: <c>CertificatePath</c> (a PKCS#12 file) and <c>CertificatePassword</c> encrypt the stored keys.</summary>
    public const string DataProtectionSection = "Kundportal:DataProtection";

    /// <summary>Local accounts (ASP.NET Core Identity on the portal's database), the sign-in service and the rate limits.</summary>
    public static IServiceCollection AddPortalAccounts(this IServiceCollection services, KundportalSettings settings, IConfiguration configuration)
    {
        if (settings.Database == KundportalDatabase.Postgres)
        {
            services.AddDbContext<PortalIdentityDbContext, PostgresPortalIdentityDbContext>(o =>
                o.UseNpgsql(settings.ConnectionString, b => b.MigrationsHistoryTable(PortalIdentityDbContext.MigrationsHistoryTable)));
        }
        else
        {
            services.AddDbContext<PortalIdentityDbContext, SqlitePortalIdentityDbContext>(o =>
                o.UseSqlite(settings.ConnectionString, b => b.MigrationsHistoryTable(PortalIdentityDbContext.MigrationsHistoryTable)));
        }
        // Cookies and form tokens are protected with a key ring in the database: every host on it reads the others',
        // and a restart or a new machine does not sign everyone out. One application name, wherever a host is installed.
        // With a certificate configured, the keys are stored encrypted with it.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Elsa.Kundportal")
            .PersistKeysToDbContext<PortalIdentityDbContext>();
        if (configuration[$"{DataProtectionSection}:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificatePath, configuration[$"{DataProtectionSection}:CertificatePassword"]));
        }
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Tokens.PasswordResetTokenProvider = PasswordLinkTokenProvider.ProviderName;
            })
            .AddEntityFrameworkStores<PortalIdentityDbContext>()
            .AddErrorDescriber<SwedishIdentityErrors>()
            .AddTokenProvider<PasswordLinkTokenProvider>(PasswordLinkTokenProvider.ProviderName);
        services.AddOptions<PasswordLinkOptions>().Bind(configuration.GetSection(PasswordLinkOptions.Section))
            .Validate(o => o.Lifetime > TimeSpan.Zero, $"{PasswordLinkOptions.Section}:Lifetime must be positive.").ValidateOnStart();
        // Password links get their own data-protection purpose and, explicitly, their lifetime.
        services.AddOptions<PasswordLinkTokenProviderOptions>().Configure<Microsoft.Extensions.Options.IOptions<PasswordLinkOptions>>((o, links) =>
        {
            o.Name = PasswordLinkTokenProvider.ProviderName;
            o.TokenLifespan = links.Value.Lifetime;
        });
        services.AddScoped<PortalSignIn>();
        services.AddScoped<PasswordLinks>();
        services.AddSingleton<PasswordLinkLimiter>();
        services.AddPortalOidc(configuration);
        services.AddScoped<Tasks.OneTimeCodes>();
        services.AddScoped<Tasks.TaskViews>();
        services.AddScoped<Tasks.OrderForm>();
        services.AddSingleton<Tasks.TaskSubmissionLock>();
        services.AddScoped<Tasks.ApprovalQueue>();

        var limits = configuration.GetSection(PortalRateLimits.Section).Get<PortalRateLimits>() ?? new PortalRateLimits();
        services.AddSingleton(limits);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PortalRateLimits.Login, context => PerClient(context, PortalRateLimits.Login, limits.LoginPerMinute));
            o.AddPolicy(PortalRateLimits.Tasks, context => PerClient(context, PortalRateLimits.Tasks, limits.TasksPerMinute));
            o.AddPolicy(PortalRateLimits.Otp, context => PerClient(context, PortalRateLimits.Otp, limits.OtpPerMinute));
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, string policy, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter($"{policy}:{context.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary>Logout (POST with antiforgery), the set-password page of password links, and OpenID Connect when configured.</summary>
    public static WebApplication MapPortalAccounts(this WebApplication app)
    {
        app.MapPost("/logout", LogoutAsync).DisableAntiforgery().ExcludeFromDescription();
        app.MapSetPassword();
        app.MapPortalOidc();
        return app;
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return TypedResults.BadRequest();
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/login?loggedOut=1");
    }

    /// <summary>Migrates the accounts' tables and, when the demo data is on, seeds the demo organisations and people.</summary>
    public static async Task InitialisePortalAccountsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalIdentityDbContext>().Database.MigrateOneAtATimeAsync(app.Lifetime.ApplicationStopping);
        if (scope.ServiceProvider.GetRequiredService<KundportalSettings>().DemoData)
            await Demo.DemoData.SeedAsync(scope.ServiceProvider, app.Lifetime.ApplicationStopping);
    }
}
