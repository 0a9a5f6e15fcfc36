using System.Net;
using Elsa.Kundportal.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Host.Tests;

/// <summary>The default with no set-up: SQLite in a data folder, Hangfire in memory, mail to the dev mailbox.</summary>
public sealed class EmbeddedModeTests : IAsyncLifetime
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("kundportal-host-").FullName;
    private KundportalHost _host = null!;

    public Task InitializeAsync()
    {
        // Everything else at its default, including the process definitions imported from workflows-json.
        _host = KundportalHost.Start("Development", new Dictionary<string, string?>
        {
            ["Kundportal:DataFolder"] = _dataFolder,
            ["Kundportal:DefinitionsFolder"] = null,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task StartPage_SaysHowToWalkThroughTheDemo()
    {
        var response = await _host.Anonymous().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"sv\">", html, StringComparison.Ordinal);
        Assert.Contains("Så går du igenom demon", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/dev/mailbox\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api-docs\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/hangfire\"", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dataFolder, "kundportal.db")));
    }

    [Fact]
    public async Task ProcessDefinitions_AreImportedFromTheWorkflowsFolder()
    {
        var list = await (await _host.Staff().GetAsync("/elsa/api/workflow-definitions")).ExpectJsonAsync(HttpStatusCode.OK);

        var shipped = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows-json"), "*.json")
            .Select(f => System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(f))!["definitionId"]!.GetValue<string>())
            .ToHashSet();
        Assert.NotEmpty(shipped);
        Assert.Subset(list["items"]!.AsArray().Select(d => d!["definitionId"]!.GetValue<string>()).ToHashSet(), shipped);
    }

    [Fact]
    public async Task DevMailbox_ShowsSentMailNewestFirstWithClickableLinks()
    {
        var staff = _host.Staff();
        var older = await PublishMailAsync(staff, "Första meddelandet", "Ingen länk här.");
        var newer = await PublishMailAsync(staff, "Välkommen till Kundportalen", "Logga in här: https://kundportal.example.se/tasks/abc123.");
        await _host.StartAsync(older);
        await _host.StartAsync(newer);

        var anonymous = _host.Anonymous();
        var html = await Recheck.UntilAsync(() => anonymous.GetStringAsync("/dev/mailbox"),
            h => h.Contains("Välkommen till Kundportalen", StringComparison.Ordinal)
                && h.Contains("Första meddelandet", StringComparison.Ordinal)
                && !h.Contains("Väntar på leverans", StringComparison.Ordinal),
            "the dev mailbox to show both messages, delivered", h => $"the page:\n{h}");

        Assert.Contains("<a href=\"https://kundportal.example.se/tasks/abc123\" rel=\"noreferrer\">", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("Välkommen till Kundportalen", StringComparison.Ordinal) < html.IndexOf("Första meddelandet", StringComparison.Ordinal));
        Assert.Contains("Levererat", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevLogin_GivesAStaffCookieThatOpensTheApiAndHangfire()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = _host.BaseAddress };
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/hangfire")).StatusCode);

        var form = await browser.GetStringAsync("/dev/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var login = await browser.PostAsync("/dev/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["returnUrl"] = "/hangfire",
        }));

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/hangfire", login.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/elsa/api/workflow-definitions")).StatusCode);
    }

    [Fact]
    public async Task DevLogin_WithoutAntiforgeryToken_IsRefused()
    {
        var response = await _host.Anonymous().PostAsync("/dev/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<string> PublishMailAsync(HttpClient staff, string subject, string body)
    {
        var id = TestDefinitions.NewId("mail");
        await (await staff.PostJsonAsync("/elsa/api/workflow-definitions", TestDefinitions.Mail(id, "anna@region-exempel.se", subject, body)))
            .ExpectJsonAsync(HttpStatusCode.OK);
        await (await staff.PostAsync($"/elsa/api/workflow-definitions/{id}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task StepUps_OnSqlite_KeepCodesAndBankIdOrdersInTheDatabase()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var codes = scope.ServiceProvider.GetRequiredService<Elsa.Kundportal.Host.Tasks.OneTimeCodes>();
        Assert.NotNull(await codes.SendAsync("sqlite@region.test", "070-111 22 33", "task-1", "test", CancellationToken.None));
        var (wrong, left, _) = await codes.VerifyAsync("sqlite@region.test", "task-1", "not-a-code", CancellationToken.None);
        Assert.Equal((Elsa.Kundportal.Host.Tasks.CodeCheck.Wrong, 4), (wrong, left));

        // The embedded mode has the development tools, so the simulator stands in for BankID behind the same client.
        var bankId = scope.ServiceProvider.GetRequiredService<Elsa.Kundportal.Host.BankId.IBankIdClient>();
        var simulator = Assert.IsType<Elsa.Kundportal.Host.BankId.Simulator.BankIdSimulator>(bankId);
        var order = await bankId.SignAsync(new Elsa.Kundportal.Host.BankId.BankIdOrderRequest("127.0.0.1") { UserVisibleData = "Jag signerar.", PersonalNumber = "198112189876" }, CancellationToken.None);
        Assert.Equal(("pending", "outstandingTransaction"), Status(await bankId.CollectAsync(order.OrderRef, CancellationToken.None)));
        // With the development tools the simulator's "app" is served; in Production it does not exist (BankIdSimulatorTests).
        var app = await _host.Anonymous().GetAsync($"/bankid-simulator/{order.AutoStartToken}");
        Assert.Equal(HttpStatusCode.OK, app.StatusCode);
        Assert.Contains("simulator av BankID-appen", await app.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(("pending", "userSign"), Status(await bankId.CollectAsync(order.OrderRef, CancellationToken.None)));
        Assert.Equal(true, await simulator.AnswerAsync(order.AutoStartToken, "198112189876", "Sam Sqlite", CancellationToken.None));
        var complete = await bankId.CollectAsync(order.OrderRef, CancellationToken.None);
        Assert.Equal(("complete", "198112189876", "Sam Sqlite"), (complete.Status, complete.PersonalNumber, complete.Name));

        static (string, string?) Status(Elsa.Kundportal.Host.BankId.BankIdCollected collected) => (collected.Status, collected.HintCode);
    }
}
