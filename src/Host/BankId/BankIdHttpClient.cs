using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Host.BankId;

/// <summary>
/// BankID's Relying Party API v6.0 over HTTPS: JSON <c>POST</c>s to <c>/rp/v6.0/auth</c>, <c>sign</c>, <c>collect</c> and
/// <c>cancel</c>, with the relying party certificate as TLS client certificate and BankID's server certificate
/// accepted only when it chains to the pinned CA (see <see cref="CreateHandler"/>). Error answers
/// (<c>{"errorCode": …, "details": …}</c>) become <see cref="BankIdException"/>; no answer within the timeout, or no
/// connection, is <see cref="BankIdException.Unreachable"/>.
/// </summary>
internal sealed class BankIdHttpClient(HttpClient http, ILogger<BankIdHttpClient> logger) : IBankIdClient
{
    public const string HttpClientName = "BankID";
    private const string ApiPath = "rp/v6.0/";

    public Task<BankIdStarted> AuthAsync(BankIdOrderRequest request, CancellationToken cancellationToken) =>
        StartAsync("auth", request, cancellationToken);

    public Task<BankIdStarted> SignAsync(BankIdOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.UserVisibleData, nameof(request));
        return StartAsync("sign", request, cancellationToken);
    }

    public async Task<BankIdCollected> CollectAsync(string orderRef, CancellationToken cancellationToken)
    {
        var answer = await PostAsync("collect", new JsonObject { ["orderRef"] = orderRef }, cancellationToken);
        return new BankIdCollected(
            Text(answer, "orderRef") ?? orderRef,
            Text(answer, "status") ?? throw Malformed("collect", "status"),
            Text(answer, "hintCode"),
            answer["completionData"] as JsonObject);
    }

    public async Task CancelAsync(string orderRef, CancellationToken cancellationToken) =>
        await PostAsync("cancel", new JsonObject { ["orderRef"] = orderRef }, cancellationToken);

    /// <summary>
    /// The TLS connection BankID requires: the relying party certificate as client certificate, and a server certificate
    /// that chains to the pinned CA alone (the machine's trusted roots play no part), with a matching host name.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(BankIdCertificates certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [certificates.Client],
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    IssuedByPinnedCa(certificate, chain, errors, certificates.ServerIssuer),
            },
        };
    }

    internal static bool IssuedByPinnedCa(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2 ca)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(server);
    }

    private async Task<BankIdStarted> StartAsync(string operation, BankIdOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject { ["endUserIp"] = request.EndUserIp };
        if (request.PersonalNumber is { } personalNumber)
            body["requirement"] = new JsonObject { ["personalNumber"] = personalNumber };
        if (request.UserVisibleData is { } text)
        {
            body["userVisibleData"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            body["userVisibleDataFormat"] = "simpleMarkdownV1";
        }
        if (request.UserNonVisibleData is { } hidden)
            body["userNonVisibleData"] = hidden;
        var answer = await PostAsync(operation, body, cancellationToken);
        return new BankIdStarted(
            Text(answer, "orderRef") ?? throw Malformed(operation, "orderRef"),
            Text(answer, "autoStartToken") ?? throw Malformed(operation, "autoStartToken"),
            Text(answer, "qrStartToken") ?? throw Malformed(operation, "qrStartToken"),
            Text(answer, "qrStartSecret") ?? throw Malformed(operation, "qrStartSecret"));
    }

    private async Task<JsonObject> PostAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        // BankID answers 415 to a content type with a charset parameter.
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(ApiPath + operation, content, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "BankID {Operation} got no answer", operation);
            throw new BankIdException(BankIdException.Unreachable, e.Message, 0);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var json = Parse(text);
            if (response.IsSuccessStatusCode)
                return json ?? [];
            var errorCode = json is null ? null : Text(json, "errorCode");
            errorCode ??= response.StatusCode switch
            {
                HttpStatusCode.ServiceUnavailable => BankIdException.Maintenance,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => BankIdException.Unauthorized,
                HttpStatusCode.NotFound => BankIdException.NotFound,
                HttpStatusCode.RequestTimeout => BankIdException.RequestTimeout,
                HttpStatusCode.UnsupportedMediaType => BankIdException.UnsupportedMediaType,
                _ => BankIdException.InternalError,
            };
            // details never holds the person's data, only BankID's explanation; the order reference is enough to trace it.
            var details = json is null ? null : Text(json, "details");
            logger.LogWarning("BankID {Operation} answered {Status} {ErrorCode}: {Details}", operation, (int)response.StatusCode, errorCode, details);
            throw new BankIdException(errorCode, details, (int)response.StatusCode);
        }
    }

    private static JsonObject? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject json, string name) => json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static BankIdException Malformed(string operation, string field) =>
        new(BankIdException.InternalError, $"The {operation} answer had no {field}.", 200);
}
