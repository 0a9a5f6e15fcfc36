using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>The host on real Kestrel (a free loopback port), configured only through settings, as an operator would.</summary>
public sealed class KundportalHost : WebApplicationFactory<Program>
{
    public const string StaffKey = "staff-key-for-tests";
    public const string CustomerKey = "customer-key-for-tests";
    public const string NoRolesKey = "no-roles-key-for-tests";
    public const string StaffActor = "apikey:tests";

    /// <summary>An environment that is neither Development nor Production: Production's behaviour, where the dev tools may be switched on.</summary>
    public const string TestEnvironment = "Test";

    private readonly string _environment;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _clock;
    private readonly Action<IServiceCollection>? _services;

    private KundportalHost(string environment, IReadOnlyDictionary<string, string?> settings, TimeProvider? clock, Action<IServiceCollection>? services)
    {
        _environment = environment;
        _settings = settings;
        _clock = clock;
        _services = services;
    }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>Starts a host with an API key for staff, one for a non-staff caller and one without roles, plus the given settings (and clock).</summary>
    public static KundportalHost Start(string environment, IDictionary<string, string?> settings, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["Kundportal:ApiKeys:0:Name"] = "tests",
            ["Kundportal:ApiKeys:0:Key"] = StaffKey,
            ["Kundportal:ApiKeys:0:Roles:0"] = "Staff",
            ["Kundportal:ApiKeys:1:Name"] = "customer",
            ["Kundportal:ApiKeys:1:Key"] = CustomerKey,
            ["Kundportal:ApiKeys:1:Roles:0"] = "Customer",
            ["Kundportal:ApiKeys:2:Name"] = "noroles",
            ["Kundportal:ApiKeys:2:Key"] = NoRolesKey,
            ["Kundportal:Hangfire:SchedulePollingInterval"] = "00:00:01",
        };
        // Tests bring their own definitions unless they ask for the shipped ones (a null value: leave the setting at its default).
        all.TryAdd("Kundportal:DefinitionsFolder", "");
        var host = new KundportalHost(environment, all, clock, services);
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        return host;
    }

    /// <summary>
    /// Starts a host in the production configuration: PostgreSQL at <paramref name="connectionString"/> (Hangfire there
    /// too), SMTP on 127.0.0.1 at <paramref name="smtpPort"/>, and the public address the e-mailed links use. The given
    /// settings come on top.
    /// </summary>
    public static KundportalHost StartProduction(string connectionString, int smtpPort, IDictionary<string, string?>? settings = null,
        TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Kundportal:Database"] = "Postgres",
            ["ConnectionStrings:Kundportal"] = connectionString,
            ["Kundportal:PublicBaseUrl"] = "https://kundportal.example.se",
            ["Kundportal:Smtp:Host"] = "127.0.0.1",
            ["Kundportal:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        return Start("Production", all, clock, services);
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>A client that authenticates with the staff API key.</summary>
    public HttpClient Staff() => WithKey(StaffKey);

    public HttpClient WithKey(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings.Where(s => s.Value is not null))
            builder.UseSetting(key, value);
        if (_clock is not null)
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        if (_services is not null)
            builder.ConfigureTestServices(_services);
    }
}
