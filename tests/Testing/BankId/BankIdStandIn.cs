using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Elsa.Kundportal.Testing.BankId;

/// <summary>
/// BankID's Relying Party API v6.0 as a test needs it: Kestrel over HTTPS on a loopback port, with a server certificate
/// from a CA made in the test, requiring a client certificate from the relying party CA (also made here). It answers
/// <c>/rp/v6.0/auth</c>, <c>sign</c>, <c>collect</c> and <c>cancel</c>: each started order plays a script of collect
/// answers (<see cref="Next"/>, else <see cref="DefaultScript"/>), a start can be made to fail (<see cref="FailNextStart"/>), and a
/// content type with a charset is refused with 415 as BankID does. Every request is recorded.
/// </summary>
public sealed class BankIdStandIn : IAsyncDisposable
{
    public const string CertificatePassword = "rp-test-password";
    /// <summary>Whose BankID completes an identification (auth without requirement) unless a script says otherwise.</summary>
    public const string DefaultPersonalNumber = "198112189876";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CollectAnswer[]> _scripts = new();
    private readonly ConcurrentQueue<(int Status, string ErrorCode)> _startFailures = new();
    private readonly ConcurrentDictionary<string, StandInOrder> _orders = new();
    private readonly ConcurrentQueue<StandInRequest> _requests = new();
    private readonly string _folder;

    private readonly bool _ownsClientCa;

    private BankIdStandIn(WebApplication app, TestCertificates serverCa, TestCertificates clientCa, string folder, bool ownsClientCa)
    {
        _ownsClientCa = ownsClientCa;
        _app = app;
        ServerCa = serverCa;
        ClientCa = clientCa;
        _folder = folder;
        CertificatePath = Path.Combine(folder, "rp.p12");
        CaCertificatePath = Path.Combine(folder, "bankid-ca.pem");
    }

    /// <summary>The CA that issued this server's certificate (pin it in the client).</summary>
    public TestCertificates ServerCa { get; }

    /// <summary>The CA whose client certificates the server accepts.</summary>
    public TestCertificates ClientCa { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The relying party certificate with its key, as a PKCS#12 file with <see cref="CertificatePassword"/>.</summary>
    public string CertificatePath { get; }

    /// <summary><see cref="ServerCa"/>'s certificate as a PEM file.</summary>
    public string CaCertificatePath { get; }

    /// <summary>The host settings that point at this stand-in.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kundportal:BankId:BaseAddress"] = BaseAddress.ToString(),
        ["Kundportal:BankId:CertificatePath"] = CertificatePath,
        ["Kundportal:BankId:CertificatePassword"] = CertificatePassword,
        ["Kundportal:BankId:CaCertificatePath"] = CaCertificatePath,
    };

    public IReadOnlyList<StandInRequest> Requests => [.. _requests];

    public IReadOnlyList<StandInOrder> Orders => [.. _orders.Values.OrderBy(o => o.Number)];

    /// <summary>The order started last.</summary>
    public StandInOrder? LastOrder => Orders.Count == 0 ? null : Orders[^1];

    /// <summary>
    /// Starts a stand-in with a server CA of its own. <paramref name="sameRelyingPartyAs"/>: accept the relying party
    /// certificates of that stand-in (an impostor server the client's certificate would open).
    /// </summary>
    public static async Task<BankIdStandIn> StartAsync(BankIdStandIn? sameRelyingPartyAs = null)
    {
        var serverCa = TestCertificates.CreateCa("Test BankID SSL Root CA");
        var clientCa = sameRelyingPartyAs?.ClientCa ?? TestCertificates.CreateCa("Test BankID RP CA");
        var folder = Directory.CreateTempSubdirectory("bankid-standin-").FullName;
        var serverCertificate = serverCa.IssueServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate, https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => clientCa.Issued(certificate);
        })));
        var app = builder.Build();
        var standIn = new BankIdStandIn(app, serverCa, clientCa, folder, ownsClientCa: sameRelyingPartyAs is null);
        app.MapPost("/rp/v6.0/{operation}", standIn.AnswerAsync);
        await app.StartAsync();
        standIn.BaseAddress = new Uri(app.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        using (var client = clientCa.IssueClient("Elsa.Kundportal relying party"))
            await File.WriteAllBytesAsync(standIn.CertificatePath, client.Export(X509ContentType.Pkcs12, CertificatePassword));
        await File.WriteAllTextAsync(standIn.CaCertificatePath, serverCa.CaPem());
        return standIn;
    }

    /// <summary>
    /// The collect answers of an order no script was given for. Default: pending <c>outstandingTransaction</c>, pending
    /// <c>userSign</c>, then complete for the personal number the order required.
    /// </summary>
    public IReadOnlyList<CollectAnswer> DefaultScript { get; set; } =
        [CollectAnswer.Pending("outstandingTransaction"), CollectAnswer.Pending("userSign"), CollectAnswer.Complete()];

    /// <summary>The collect answers of the next order started (a script per order, in the order given).</summary>
    public void Next(params CollectAnswer[] answers) => _scripts.Enqueue(answers);

    /// <summary>The next auth or sign is refused with this status and errorCode (e.g. 503 maintenance, 400 alreadyInProgress).</summary>
    public void FailNextStart(int status, string errorCode) => _startFailures.Enqueue((status, errorCode));

    /// <summary>From its next collect on, <paramref name="order"/> answers <paramref name="answer"/> (e.g. complete after waiting).</summary>
    public static void Then(StandInOrder order, CollectAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.Override = answer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        ServerCa.Dispose();
        if (_ownsClientCa)
            ClientCa.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<IResult> AnswerAsync(string operation, HttpRequest request)
    {
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        _requests.Enqueue(new StandInRequest(operation, request.ContentType, body));
        if (request.ContentType != "application/json")
            return Error(StatusCodes.Status415UnsupportedMediaType, "unsupportedMediaType", "Content-Type must be application/json.");
        if (JsonNode.Parse(body) is not JsonObject json)
            return Error(StatusCodes.Status400BadRequest, "invalidParameters", "Not JSON.");
        switch (operation)
        {
            case "auth" or "sign":
                if (_startFailures.TryDequeue(out var failure))
                    return Error(failure.Status, failure.ErrorCode, "Scripted.");
                if (json["endUserIp"] is null || (operation == "sign" && json["userVisibleData"] is null))
                    return Error(StatusCodes.Status400BadRequest, "invalidParameters", "Missing endUserIp or userVisibleData.");
                var order = new StandInOrder(operation, json, _orders.Count + 1, _scripts.TryDequeue(out var script) ? script : [.. DefaultScript]);
                _orders[order.OrderRef] = order;
                return Results.Json(new { orderRef = order.OrderRef, autoStartToken = order.AutoStartToken, qrStartToken = order.QrStartToken, qrStartSecret = order.QrStartSecret });
            case "collect":
                if (!_orders.TryGetValue((string?)json["orderRef"] ?? "", out var collected) || collected.Cancelled)
                    return Error(StatusCodes.Status400BadRequest, "invalidParameters", "No such order.");
                return collected.Collect();
            case "cancel":
                if (!_orders.TryGetValue((string?)json["orderRef"] ?? "", out var cancelled) || cancelled.Cancelled)
                    return Error(StatusCodes.Status400BadRequest, "invalidParameters", "No such order.");
                cancelled.Cancelled = true;
                return Results.Json(new { });
            default:
                return Error(StatusCodes.Status404NotFound, "notFound", "No such operation.");
        }
    }

    private static IResult Error(int status, string errorCode, string details) => Results.Json(new { errorCode, details }, statusCode: status);
}

/// <summary>A request the stand-in received: the operation, its content type and body.</summary>
public sealed record StandInRequest(string Operation, string? ContentType, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>What a collect answers: pending or failed with a hintCode, or complete for a personal number.</summary>
public sealed record CollectAnswer(string Status, string? HintCode, string? PersonalNumber = null, string? Name = null)
{
    public static CollectAnswer Pending(string hintCode) => new("pending", hintCode);

    public static CollectAnswer Failed(string hintCode) => new("failed", hintCode);

    /// <summary>Complete for <paramref name="personalNumber"/> (default: the personal number the order required).</summary>
    public static CollectAnswer Complete(string? personalNumber = null, string name = "Test Testsson") => new("complete", null, personalNumber, name);
}

/// <summary>An order the stand-in started, with what the relying party asked for.</summary>
public sealed class StandInOrder
{
    private readonly Queue<CollectAnswer> _script;
    private CollectAnswer _last;

    internal StandInOrder(string operation, JsonObject request, int number, CollectAnswer[] script)
    {
        Operation = operation;
        Request = request;
        Number = number;
        _script = new Queue<CollectAnswer>(script);
        _last = _script.Peek();
    }

    public string Operation { get; }
    public JsonObject Request { get; }
    public int Number { get; }
    public string OrderRef { get; } = Guid.NewGuid().ToString();
    public string AutoStartToken { get; } = Guid.NewGuid().ToString();
    public string QrStartToken { get; } = Guid.NewGuid().ToString();
    public string QrStartSecret { get; } = Guid.NewGuid().ToString();
    public bool Cancelled { get; internal set; }
    public int Collects { get; private set; }
    internal CollectAnswer? Override { get; set; }

    /// <summary><c>requirement.personalNumber</c> of the request, if any.</summary>
    public string? RequiredPersonalNumber => (string?)Request["requirement"]?["personalNumber"];

    /// <summary><c>userVisibleData</c>, decoded.</summary>
    public string? UserVisibleText => Request["userVisibleData"] is { } data ? Encoding.UTF8.GetString(Convert.FromBase64String((string)data!)) : null;

    internal IResult Collect()
    {
        CollectAnswer answer;
        lock (_script)
        {
            Collects++;
            answer = Override ?? (_script.Count > 0 ? _script.Dequeue() : _last);
            _last = answer;
        }
        if (answer.Status != "complete")
            return Results.Json(new { orderRef = OrderRef, status = answer.Status, hintCode = answer.HintCode });
        var personalNumber = answer.PersonalNumber ?? RequiredPersonalNumber ?? BankIdStandIn.DefaultPersonalNumber;
        var names = (answer.Name ?? "Test Testsson").Split(' ', 2);
        return Results.Json(new
        {
            orderRef = OrderRef,
            status = "complete",
            completionData = new
            {
                user = new { personalNumber, name = answer.Name, givenName = names[0], surname = names.Length > 1 ? names[1] : "" },
                device = new { ipAddress = (string?)Request["endUserIp"], uhi = "OZvYM9VvyiAmG7NA5jU5zqGcVpo=" },
                bankIdIssueDate = "2020-02-01",
                stepUp = new { mrtd = false },
                signature = Convert.ToBase64String(Encoding.UTF8.GetBytes($"<Signature><usrVisibleData>{(string?)Request["userVisibleData"]}</usrVisibleData><usrNonVisibleData>{(string?)Request["userNonVisibleData"]}</usrNonVisibleData></Signature>")),
                ocspResponse = Convert.ToBase64String(Encoding.UTF8.GetBytes($"ocsp:{OrderRef}")),
            },
        });
    }
}
