using Elsa.Kundportal.Workflows.Persistence;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Elsa.Kundportal.Workflows.Outbox;

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    /// <summary>None, StartTls, SslOnConnect or Auto.</summary>
    public string Security { get; set; } = "None";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "no-reply@kundportal.local";
    public string FromName { get; set; } = "Inera Kundportal";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Sends e-mail through SMTP with MailKit, always with the message's stable Message-ID.</summary>
public sealed class SmtpMailTransport(IOptions<SmtpOptions> options) : IMessageTransport
{
    public string Channel => OutboxChannels.Email;

    public async Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var mime = new MimeMessage { MessageId = message.MessageId, Subject = message.Subject };
        mime.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        mime.To.Add(new MailboxAddress(message.RecipientName ?? message.Recipient, message.Recipient));
        var body = new BodyBuilder { TextBody = message.Body, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host, settings.Port, Enum.Parse<SecureSocketOptions>(settings.Security, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(settings.Username))
            await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
