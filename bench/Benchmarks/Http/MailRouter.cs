using System.Text.RegularExpressions;
using MimeKit;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>
/// The e-mail the host delivers to the benchmark's SMTP server (<see cref="SmtpSink"/>), sorted into the recipients'
/// mailboxes as it arrives (parsed once), so a client can wait for "the mail to this person about this order" without
/// scanning everything received and without polling. A mail is taken by one waiter only, so two orders never act on
/// the same link.
/// </summary>
internal sealed partial class MailRouter : IAsyncDisposable
{
    private readonly SmtpSink _server;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Mailbox> _boxes = new(StringComparer.OrdinalIgnoreCase);

    public MailRouter()
    {
        _server = new SmtpSink(OnReceived);
    }

    public int Port => _server.Port;

    /// <summary>
    /// The task link (its token) in the first mail not taken yet to <paramref name="recipient"/> that has a link and
    /// contains <paramref name="about"/> in its subject or text. Waits until <paramref name="timeout"/>, then throws.
    /// </summary>
    public async Task<string> TaskLinkAsync(string recipient, string about, TimeSpan timeout)
    {
        var mail = await TakeAsync(recipient, m => m.Link is not null && m.Mentions(about), timeout, $"a task link about '{about}'");
        return mail.Link!;
    }

    /// <summary>Waits for (and takes) a mail to <paramref name="recipient"/> whose subject contains <paramref name="subject"/>.</summary>
    public Task MailAsync(string recipient, string subject, TimeSpan timeout) =>
        TakeAsync(recipient, m => m.Subject.Contains(subject, StringComparison.Ordinal), timeout, $"a mail with the subject '{subject}'");

    /// <summary>Forgets every mail received so far (between phases, when no order is running).</summary>
    public void Clear()
    {
        lock (_gate)
            _boxes.Clear();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<Mail> TakeAsync(string recipient, Func<Mail, bool> wanted, TimeSpan timeout, string what)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var box = Box(recipient);
                var index = box.Mails.FindIndex(m => wanted(m));
                if (index >= 0)
                {
                    var mail = box.Mails[index];
                    box.Mails.RemoveAt(index);
                    return mail;
                }
                box.Arrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                arrived = box.Arrived.Task;
            }
            var left = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"No mail to {recipient} with {what} within {timeout.TotalSeconds:F0} s.");
            try
            {
                await arrived.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // Looked at once more above, then reported.
            }
        }
    }

    private void OnReceived(byte[] content)
    {
        using var stream = new MemoryStream(content);
        var message = MimeMessage.Load(stream);
        var text = message.TextBody ?? "";
        var link = TaskLink().Match(text);
        var mail = new Mail(message.Subject ?? "", text, link.Success ? link.Groups[1].Value : null);
        lock (_gate)
        {
            foreach (var to in message.To.Mailboxes)
            {
                var box = Box(to.Address);
                box.Mails.Add(mail);
                box.Arrived?.TrySetResult();
                box.Arrived = null;
            }
        }
    }

    private Mailbox Box(string recipient)
    {
        if (!_boxes.TryGetValue(recipient, out var box))
            _boxes[recipient] = box = new Mailbox();
        return box;
    }

    [GeneratedRegex(@"/tasks/([A-Za-z0-9_\-]{43})")]
    private static partial Regex TaskLink();

    private sealed class Mailbox
    {
        public List<Mail> Mails { get; } = [];

        /// <summary>Completed (and replaced) when a mail arrives: wakes whoever waits for this recipient.</summary>
        public TaskCompletionSource? Arrived { get; set; }
    }

    private sealed record Mail(string Subject, string Text, string? Link)
    {
        public bool Mentions(string about) =>
            Subject.Contains(about, StringComparison.Ordinal) || Text.Contains(about, StringComparison.Ordinal);
    }
}
