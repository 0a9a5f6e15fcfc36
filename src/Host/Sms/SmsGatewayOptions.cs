using System.Text.RegularExpressions;

namespace Elsa.Kundportal.Host.Sms;

/// <summary>
/// The HTTP SMS gateway that delivers one-time codes (configuration section <c>Kundportal:Sms</c>). Each SMS is one
/// request in the shape 46elks documents and many gateways accept: <c>POST {GatewayUrl}</c> with the form-encoded
/// (<c>application/x-www-form-urlencoded</c>) fields <c>from</c> (<see cref="Sender"/>), <c>to</c> (the number in
/// E.164, <c>+46701234567</c>) and <c>message</c> (the text), HTTP Basic authentication with <see cref="Username"/> and
/// <see cref="Password"/>, and the outbox message id in the <c>Idempotency-Key</c> header, the same on every attempt,
/// so a gateway that honours it sends a retried message once. Any 2xx answer means the gateway took the message.
/// </summary>
internal sealed partial class SmsGatewayOptions
{
    public const string Section = "Kundportal:Sms";

    /// <summary>The longest wait allowed: well inside the two minutes the outbox holds a message while it is being sent.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The gateway's send address, absolute http or https, e.g. <c>https://api.46elks.com/a1/sms</c>. Setting it
    /// turns the gateway on, in every mode; without it the dev mailbox takes SMS when the dev tools are on.
    /// </summary>
    public string? GatewayUrl { get; set; }

    /// <summary>HTTP Basic user (46elks: the API username). Set together with <see cref="Password"/>, or neither.</summary>
    public string? Username { get; set; }

    /// <summary>HTTP Basic password (46elks: the API password). Should come from a secret store, not a checked-in file.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The sender people see: a text sender id of 3 to 11 letters and digits starting with a letter, or a phone number
    /// in E.164 (<c>+46…</c>) if replies should reach it. Default <c>Inera</c>.
    /// </summary>
    public string Sender { get; set; } = "Inera";

    /// <summary>How long to wait for the gateway's answer before the attempt counts as failed and is retried. Default 10 s, at most 1 minute.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The send address as a URI; only valid after <see cref="Validate"/> found no errors.</summary>
    public Uri Endpoint => new(GatewayUrl!, UriKind.Absolute);

    /// <summary>Binds <c>Kundportal:Sms</c> and checks it; a mistake stops the host at start with a message saying what to fix.</summary>
    public static SmsGatewayOptions Resolve(IConfiguration section)
    {
        var options = new SmsGatewayOptions();
        section.Bind(options);
        var errors = options.Validate();
        return errors.Count == 0
            ? options
            : throw new InvalidOperationException($"The SMS gateway settings ({Section}) are not valid: {string.Join(" ", errors)}");
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(GatewayUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            errors.Add($"{Section}:GatewayUrl must be an absolute http or https address such as https://api.46elks.com/a1/sms, not '{Shown(GatewayUrl)}'.");
        else if (url.UserInfo.Length > 0)
            errors.Add($"{Section}:GatewayUrl must not hold credentials; set {Section}:Username and {Section}:Password instead.");
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
            errors.Add($"Set both {Section}:Username and {Section}:Password (HTTP Basic authentication), or neither.");
        if (Username?.Contains(':', StringComparison.Ordinal) == true)
            errors.Add($"{Section}:Username cannot contain ':' (HTTP Basic authentication separates user and password with it).");
        if (!TextSender().IsMatch(Sender) && !NumberSender().IsMatch(Sender))
            errors.Add($"{Section}:Sender must be 3 to 11 letters and digits starting with a letter (a-z, no spaces), or a phone number such as +46701234567, not '{Sender}'.");
        if (Timeout <= TimeSpan.Zero || Timeout > MaxTimeout)
            errors.Add($"{Section}:Timeout must be more than 0 and at most {MaxTimeout:c}, not {Timeout:c}.");
        return errors;
    }

    // An address with user info carries a password: never repeat it in an error.
    private static string? Shown(string? url) => url?.Contains('@', StringComparison.Ordinal) == true ? "(an address with credentials)" : url;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,10}$")]
    private static partial Regex TextSender();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex NumberSender();
}
