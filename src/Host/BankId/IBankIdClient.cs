using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Host.BankId;

/// <summary>
/// BankID's Relying Party API v6.0 as the host uses it: start an identification (<c>/rp/v6.0/auth</c>) or a signature
/// (<c>/rp/v6.0/sign</c>), collect its state (<c>/rp/v6.0/collect</c>, about every two seconds while pending) and cancel it
/// (<c>/rp/v6.0/cancel</c>). Errors BankID answers with (<c>errorCode</c>) come as <see cref="BankIdException"/>.
/// In production and test environments this is <see cref="BankIdHttpClient"/>; with the development tools on and no
/// BankID configured, the in-host simulator.
/// </summary>
public interface IBankIdClient
{
    Task<BankIdStarted> AuthAsync(BankIdOrderRequest request, CancellationToken cancellationToken);

    Task<BankIdStarted> SignAsync(BankIdOrderRequest request, CancellationToken cancellationToken);

    Task<BankIdCollected> CollectAsync(string orderRef, CancellationToken cancellationToken);

    Task CancelAsync(string orderRef, CancellationToken cancellationToken);
}

/// <summary>
/// What an auth or sign order asks for. <see cref="UserVisibleData"/> is the text as the person reads it in the app
/// (simpleMarkdownV1; the client base64-encodes it), <see cref="UserNonVisibleData"/> is already base64 (the hash of the
/// document signed), and <see cref="PersonalNumber"/> becomes <c>requirement.personalNumber</c>: only that person's
/// BankID can complete the order.
/// </summary>
public sealed record BankIdOrderRequest(string EndUserIp)
{
    public string? UserVisibleData { get; init; }
    public string? UserNonVisibleData { get; init; }
    public string? PersonalNumber { get; init; }
}

/// <summary>BankID's answer to auth and sign: the order's reference and the tokens that start the app (autostart and animated QR code).</summary>
public sealed record BankIdStarted(string OrderRef, string AutoStartToken, string QrStartToken, string QrStartSecret);

/// <summary>The state of an order: <c>pending</c> (with a hintCode), <c>failed</c> (with a hintCode) or <c>complete</c> (with completionData).</summary>
public sealed record BankIdCollected(string OrderRef, string Status, string? HintCode, JsonObject? CompletionData)
{
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Complete = "complete";

    /// <summary><c>completionData.user.personalNumber</c>: whose BankID completed the order.</summary>
    public string? PersonalNumber => (string?)CompletionData?["user"]?["personalNumber"];

    /// <summary><c>completionData.user.name</c>.</summary>
    public string? Name => (string?)CompletionData?["user"]?["name"];
}

/// <summary>BankID refused a request: its <c>errorCode</c> (alreadyInProgress, invalidParameters, maintenance, …) and <c>details</c>.</summary>
public sealed class BankIdException(string errorCode, string? details, int httpStatus)
    : Exception($"BankID answered {httpStatus} {errorCode}{(string.IsNullOrEmpty(details) ? "" : $": {details}")}")
{
    public const string AlreadyInProgress = "alreadyInProgress";
    public const string InvalidParameters = "invalidParameters";
    public const string Unauthorized = "unauthorized";
    public const string NotFound = "notFound";
    public const string MethodNotAllowed = "methodNotAllowed";
    public const string RequestTimeout = "requestTimeout";
    public const string UnsupportedMediaType = "unsupportedMediaType";
    public const string InternalError = "internalError";
    public const string Maintenance = "maintenance";
    /// <summary>Not BankID's: the service could not be reached or did not answer in time.</summary>
    public const string Unreachable = "unreachable";

    public string ErrorCode { get; } = errorCode;
    public string? Details { get; } = details;
    public int HttpStatus { get; } = httpStatus;
}
