using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Elsa.Kundportal.Browser.Tests.Support;

/// <summary>
/// The host on real Kestrel (a free loopback port) against its own PostgreSQL database, with the shipped
/// definitions imported and the designer served from src/Host/wwwroot/designer.
/// </summary>
public sealed class DesignerHost : WebApplicationFactory<Program>
{
    public const string StaffKey = "staff-key-for-browser-tests";
    public const string CustomerKey = "customer-key-for-browser-tests";

    private readonly string _connectionString;

    private DesignerHost(string connectionString) => _connectionString = connectionString;

    public Uri BaseAddress => ClientOptions.BaseAddress;

    public static DesignerHost Start(string connectionString)
    {
        var host = new DesignerHost(connectionString);
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        return host;
    }

    /// <summary>A client that authenticates with the staff API key, as the browser does.</summary>
    public HttpClient Staff() => WithKey(StaffKey);

    public HttpClient WithKey(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not "Production": a Production host refuses the dev tools, which these tests use for mail.
        builder.UseEnvironment("Test");
        builder.UseContentRoot(RepositoryPaths.Host);
        builder.UseSetting("Kundportal:Database", "Postgres");
        builder.UseSetting("ConnectionStrings:Kundportal", _connectionString);
        builder.UseSetting("Kundportal:PublicBaseUrl", "https://kundportal.example.se");
        builder.UseSetting("Kundportal:DefinitionsFolder", RepositoryPaths.Definitions);
        // Mail goes to the dev mailbox: these tests are about the designer, not about delivery.
        builder.UseSetting("Kundportal:DevTools", "true");
        builder.UseSetting("Kundportal:ApiKeys:0:Name", "browser-tests");
        builder.UseSetting("Kundportal:ApiKeys:0:Key", StaffKey);
        builder.UseSetting("Kundportal:ApiKeys:0:Roles:0", "Staff");
        builder.UseSetting("Kundportal:ApiKeys:1:Name", "customer");
        builder.UseSetting("Kundportal:ApiKeys:1:Key", CustomerKey);
        builder.UseSetting("Kundportal:ApiKeys:1:Roles:0", "Customer");
    }
}
