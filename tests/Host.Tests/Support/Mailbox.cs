using System.Text;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Host.Auth;
using MimeKit;
using netDumbster.smtp;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// A real SMTP server (netDumbster) for a host under test, with every e-mail it received parsed, in the order they
/// arrived. Tests wait for e-mail with <see cref="WaitForAsync"/>, which looks again each time a message arrives (the
/// server's own signal) and fails after a timeout with what was expected and what did arrive; nothing sleeps.
/// </summary>
public sealed partial class Mailbox : IDisposable
{
    /// <summary>How long a test waits for an e-mail unless it says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly SimpleSmtpServer _server;
    private readonly Lock _lock = new();
    private readonly List<MimeMessage> _messages = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Mailbox(SimpleSmtpServer server)
    {
        _server = server;
        _server.MessageReceived += OnReceived;
    }

    /// <summary>Starts an SMTP server on a free port.</summary>
    public static Mailbox Start() => new(SimpleSmtpServer.Start());

    /// <summary>Starts an SMTP server on <paramref name="port"/> (to bring a stopped one back on the port the host knows).</summary>
    public static Mailbox Start(int port) => new(SimpleSmtpServer.Start(port));

    /// <summary>The port the server listens on, for <c>Kundportal:Smtp:Port</c>.</summary>
    public int Port => _server.Configuration.Port;

    /// <summary>Every e-mail received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages
    {
        get
        {
            lock (_lock)
                return [.. _messages];
        }
    }

    /// <summary>
    /// A task that completes when the next e-mail arrives: a wake-up for waits that combine e-mail with other state
    /// (see <see cref="Recheck"/>). Ask for it before looking at the state, so an e-mail arriving in between is not missed.
    /// </summary>
    public Task NextMessageAsync()
    {
        lock (_lock)
            return _next.Task;
    }

    /// <summary>
    /// The e-mails received, once <paramref name="condition"/> holds for them. The condition is evaluated now and again
    /// on every e-mail that arrives; after <paramref name="timeout"/> (<see cref="DefaultTimeout"/>) the test fails,
    /// naming <paramref name="expected"/> and listing what arrived.
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<IReadOnlyList<MimeMessage>, bool> condition, string expected, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            Task next;
            IReadOnlyList<MimeMessage> messages;
            lock (_lock)
            {
                next = _next.Task;
                messages = [.. _messages];
            }
            if (condition(messages))
                return messages;
            var left = limit - TimeProvider.System.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                throw new Xunit.Sdk.XunitException($"Waited {limit.TotalSeconds:0.#} s for {expected}. {Describe(messages)}");
            await next.WaitAsync(left).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The newest e-mail that <paramref name="match"/> accepts, once one has arrived (see <see cref="WaitForAsync"/>).</summary>
    public async Task<MimeMessage> WaitForMessageAsync(Func<MimeMessage, bool> match, string expected, TimeSpan? timeout = null) =>
        (await WaitForAsync(messages => messages.Any(match), expected, timeout)).Last(match);

    /// <summary>
    /// The token of the task link (<c>/tasks/{token}</c>) in the newest e-mail to <paramref name="to"/> that has one and
    /// whose subject or text contains <paramref name="about"/>, once it has arrived.
    /// </summary>
    public async Task<string> TaskTokenAsync(string to, string about = "", TimeSpan? timeout = null)
    {
        var mail = await WaitForMessageAsync(m => IsTo(m, to) && Mentions(m, about) && TaskToken(m.TextBody) is not null,
            about.Length == 0 ? $"a task link mailed to {to}" : $"a task link mailed to {to} about '{about}'", timeout);
        return TaskToken(mail.TextBody)!;
    }

    /// <summary>The set-password link (a path on the host) in the newest password e-mail to <paramref name="to"/>, once it has arrived.</summary>
    public async Task<string> PasswordLinkAsync(string to, TimeSpan? timeout = null)
    {
        var mail = await WaitForMessageAsync(m => IsTo(m, to) && m.Subject == PasswordLinks.Subject && PasswordLink(m.TextBody) is not null,
            $"a password link mailed to {to}", timeout);
        return PasswordLink(mail.TextBody)!;
    }

    /// <summary>Whether <paramref name="address"/> is among the e-mail's To addresses (addresses compare without case).</summary>
    public static bool IsTo(MimeMessage message, string address) =>
        message.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase));

    /// <summary>The 43-character token of the first task link (<c>/tasks/{token}</c>) in <paramref name="text"/>, or null.</summary>
    public static string? TaskToken(string? text) => TaskLinkPattern().Match(text ?? "") is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>
    /// The first set-password link in <paramref name="text"/>, as a path on the host under test, or null. Only links built
    /// on the public address the test hosts are configured with (<c>https://kundportal.example.se</c>) count.
    /// </summary>
    public static string? PasswordLink(string? text) => PasswordLinkPattern().Match(text ?? "") is { Success: true } match ? match.Groups[1].Value : null;

    public void Dispose()
    {
        _server.MessageReceived -= OnReceived;
        _server.Dispose();
    }

    private static bool Mentions(MimeMessage message, string text) =>
        (message.Subject ?? "").Contains(text, StringComparison.Ordinal) || (message.TextBody ?? "").Contains(text, StringComparison.Ordinal);

    private static string Describe(IReadOnlyList<MimeMessage> messages) =>
        messages.Count == 0
            ? "No e-mail arrived."
            : $"{messages.Count} e-mail(s) arrived:" + string.Concat(messages.Select(m => $"\n- to {m.To}: {m.Subject}"));

    // netDumbster raises this on the connection's thread before it answers the DATA command, so once the sender has its
    // answer the message is in the list.
    private void OnReceived(object? sender, MessageReceivedArgs e)
    {
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(e.Message.Data)));
        TaskCompletionSource arrived;
        lock (_lock)
        {
            _messages.Add(message);
            arrived = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.SetResult();
    }

    [GeneratedRegex(@"/tasks/([A-Za-z0-9_\-]{43})")]
    private static partial Regex TaskLinkPattern();

    [GeneratedRegex(@"https://kundportal\.example\.se(/account/password/set\?\S+)")]
    private static partial Regex PasswordLinkPattern();
}
