using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Elsa.Kundportal.Host.BankId;
using Elsa.Kundportal.Testing.BankId;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Elsa.Kundportal.Host.Tests.BankId;

/// <summary>The Relying Party API client against BankID's stand-in: real TLS both ways, with certificates made in the test.</summary>
public sealed class BankIdClientTests : IAsyncLifetime
{
    private BankIdStandIn _bankId = null!;

    public async Task InitializeAsync() => _bankId = await BankIdStandIn.StartAsync();

    public async Task DisposeAsync() => await _bankId.DisposeAsync();

    private static (BankIdHttpClient Client, HttpClient Http) ClientFor(IReadOnlyDictionary<string, string?> settings, Uri? address = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(BankIdOptions.Section);
        var (options, certificates) = BankIdOptions.Resolve(configuration);
        var http = new HttpClient(BankIdHttpClient.CreateHandler(certificates)) { BaseAddress = new Uri((address ?? options.BaseAddress!).AbsoluteUri.TrimEnd('/') + "/") };
        return (new BankIdHttpClient(http, NullLogger<BankIdHttpClient>.Instance), http);
    }

    [Fact]
    public async Task Sign_SendsWhatThePersonSigns_AndCollectsUntilComplete()
    {
        var (client, http) = ClientFor(_bankId.Settings);
        using var _ = http;
        var text = "# Attest av beställning CS1000001\n\n+ Kund: Region Norr\n";

        var started = await client.SignAsync(new BankIdOrderRequest("192.0.2.10")
        {
            UserVisibleData = text, UserNonVisibleData = "q83vEjRWeJA=", PersonalNumber = "198112189876",
        }, CancellationToken.None);

        var request = Assert.Single(_bankId.Requests);
        Assert.Equal(("sign", "application/json"), (request.Operation, request.ContentType));
        var body = request.Json;
        Assert.Equal("192.0.2.10", (string?)body["endUserIp"]);
        Assert.Equal(text, Encoding.UTF8.GetString(Convert.FromBase64String((string)body["userVisibleData"]!)));
        Assert.Equal("simpleMarkdownV1", (string?)body["userVisibleDataFormat"]);
        Assert.Equal("q83vEjRWeJA=", (string?)body["userNonVisibleData"]);
        Assert.Equal("198112189876", (string?)body["requirement"]!["personalNumber"]);
        var order = _bankId.LastOrder!;
        Assert.Equal((order.OrderRef, order.AutoStartToken, order.QrStartToken, order.QrStartSecret), (started.OrderRef, started.AutoStartToken, started.QrStartToken, started.QrStartSecret));

        Assert.Equal(("pending", "outstandingTransaction"), Status(await client.CollectAsync(started.OrderRef, CancellationToken.None)));
        Assert.Equal(("pending", "userSign"), Status(await client.CollectAsync(started.OrderRef, CancellationToken.None)));
        var complete = await client.CollectAsync(started.OrderRef, CancellationToken.None);
        Assert.Equal(("complete", null), Status(complete));
        Assert.Equal("198112189876", complete.PersonalNumber);
        Assert.Equal("192.0.2.10", (string?)complete.CompletionData!["device"]!["ipAddress"]);
        Assert.NotNull((string?)complete.CompletionData["signature"]);
        Assert.NotNull((string?)complete.CompletionData["ocspResponse"]);
    }

    [Fact]
    public async Task Auth_WithoutRequirement_Cancel_ThenCollect_IsInvalidParameters()
    {
        var (client, http) = ClientFor(_bankId.Settings);
        using var _ = http;
        var started = await client.AuthAsync(new BankIdOrderRequest("2001:db8::1") { UserVisibleData = "Logga in i Ineras Kundportal." }, CancellationToken.None);
        Assert.Null(_bankId.LastOrder!.RequiredPersonalNumber);

        await client.CancelAsync(started.OrderRef, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<BankIdException>(() => client.CollectAsync(started.OrderRef, CancellationToken.None));
        Assert.Equal((BankIdException.InvalidParameters, 400), (refused.ErrorCode, refused.HttpStatus));
        Assert.Equal(["auth", "cancel", "collect"], _bankId.Requests.Select(r => r.Operation));
    }

    [Theory]
    [InlineData(503, BankIdException.Maintenance)]
    [InlineData(400, BankIdException.AlreadyInProgress)]
    [InlineData(500, BankIdException.InternalError)]
    public async Task Start_RefusedByBankId_IsItsErrorCode(int status, string errorCode)
    {
        var (client, http) = ClientFor(_bankId.Settings);
        using var _ = http;
        _bankId.FailNextStart(status, errorCode);

        var refused = await Assert.ThrowsAsync<BankIdException>(() => client.SignAsync(new BankIdOrderRequest("192.0.2.10") { UserVisibleData = "x" }, CancellationToken.None));

        Assert.Equal((errorCode, status), (refused.ErrorCode, refused.HttpStatus));
    }

    [Fact]
    public async Task Client_RefusesAServerWhoseCertificateComesFromAnotherCa()
    {
        // A server that would accept the relying party's certificate, but whose own certificate another CA issued.
        await using var impostor = await BankIdStandIn.StartAsync(sameRelyingPartyAs: _bankId);
        var (client, http) = ClientFor(_bankId.Settings, impostor.BaseAddress);
        using var _ = http;

        var refused = await Assert.ThrowsAsync<BankIdException>(() => client.AuthAsync(new BankIdOrderRequest("192.0.2.10"), CancellationToken.None));

        Assert.Equal(BankIdException.Unreachable, refused.ErrorCode);
        Assert.Empty(impostor.Requests);
    }

    [Fact]
    public async Task StandIn_RefusesAClientWithoutTheRelyingPartyCertificate()
    {
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(_bankId.CaCertificatePath));
        using var handler = new SocketsHttpHandler();
        // The server is trusted (its CA pinned), but no client certificate is presented.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            BankIdHttpClient.IssuedByPinnedCa(certificate, chain, errors, ca);
        using var http = new HttpClient(handler) { BaseAddress = _bankId.BaseAddress };
        using var content = new StringContent("""{"endUserIp":"192.0.2.10"}""");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.PostAsync("rp/v6.0/auth", content));

        Assert.Empty(_bankId.Requests);
    }

    [Fact]
    public void Settings_ThatCannotWork_StopTheHostWithAMessage()
    {
        string Refusal(Dictionary<string, string?> settings) => Assert.Throws<InvalidOperationException>(() =>
            BankIdOptions.Resolve(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(BankIdOptions.Section))).Message;
        Dictionary<string, string?> With(string key, string? value) => new(_bankId.Settings) { [$"Kundportal:BankId:{key}"] = value };

        Assert.Contains("must be an absolute https address", Refusal(With("BaseAddress", "http://appapi2.test.bankid.com")), StringComparison.Ordinal);
        Assert.Contains("without the API path", Refusal(With("BaseAddress", "https://appapi2.test.bankid.com/rp/v6.0")), StringComparison.Ordinal);
        Assert.Contains("CertificatePath: no file at", Refusal(With("CertificatePath", "/nowhere/rp.p12")), StringComparison.Ordinal);
        Assert.Contains("could not be opened as PKCS#12", Refusal(With("CertificatePassword", "wrong")), StringComparison.Ordinal);
        Assert.Contains("CaCertificatePath must name", Refusal(With("CaCertificatePath", null)), StringComparison.Ordinal);
        Assert.Contains("is not a certificate", Refusal(With("CaCertificatePath", _bankId.CertificatePath)), StringComparison.Ordinal);
    }

    private static (string, string?) Status(BankIdCollected collected) => (collected.Status, collected.HintCode);
}
