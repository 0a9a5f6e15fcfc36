using Elsa.Kundportal.Host.Auth;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>
/// The waits the host tests are built on: <see cref="Mailbox"/> wakes on each e-mail and fails after its timeout naming
/// what it waited for and what arrived; its link extractors find only real links; <see cref="Recheck"/> reads until the
/// condition holds, or fails with what it expected and the last value read.
/// </summary>
public sealed class WaitingTests
{
    private const string Token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE";

    [Fact]
    public async Task Mailbox_WaitIsAnsweredByTheMessageThatArrivesAfterIt()
    {
        using var mailbox = Mailbox.Start();
        var waiting = mailbox.TaskTokenAsync("anna@kund.test", "Granska", TimeSpan.FromMinutes(1));
        await SendAsync(mailbox, "bo@kund.test", "Granska ansökan", $"https://kundportal.example.se/tasks/{new string('B', 43)}");
        Assert.False(waiting.IsCompleted);

        await SendAsync(mailbox, "Anna@Kund.test", "Granska ansökan", $"Öppna https://kundportal.example.se/tasks/{Token} och svara.");

        // Woken by the message itself: long before the wait's own minute is up.
        Assert.Equal(Token, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, mailbox.Messages.Count);
    }

    [Fact]
    public async Task Mailbox_TimesOut_NamingWhatItWaitedForAndWhatArrived()
    {
        using var mailbox = Mailbox.Start();
        await SendAsync(mailbox, "bo@kund.test", "Välkommen", "Ingen länk här.");

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => mailbox.TaskTokenAsync("anna@kund.test", "Granska", TimeSpan.FromMilliseconds(200)));

        Assert.Contains("a task link mailed to anna@kund.test about 'Granska'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("1 e-mail(s) arrived", failure.Message, StringComparison.Ordinal);
        Assert.Contains("to bo@kund.test: Välkommen", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mailbox_PasswordLink_OnlyFromThePasswordMail_OnThePublicAddress()
    {
        using var mailbox = Mailbox.Start();
        await SendAsync(mailbox, "anna@kund.test", PasswordLinks.Subject, "https://annan.example.se/account/password/set?user=1&token=fel");
        await SendAsync(mailbox, "anna@kund.test", "Något annat", "https://kundportal.example.se/account/password/set?user=2&token=fel");
        await SendAsync(mailbox, "anna@kund.test", PasswordLinks.Subject, "Välj lösenord: https://kundportal.example.se/account/password/set?user=3&token=ratt\nHälsningar");

        Assert.Equal("/account/password/set?user=3&token=ratt", await mailbox.PasswordLinkAsync("anna@kund.test"));
        Assert.Null(Mailbox.PasswordLink("https://annan.example.se/account/password/set?user=1&token=x"));
        Assert.Null(Mailbox.TaskToken($"/tasks/{Token[..42]}"));
        Assert.Null(Mailbox.TaskToken(null));
    }

    [Fact]
    public async Task Recheck_ReadsAgainUntilTheConditionHolds()
    {
        var reads = 0;

        var value = await Recheck.UntilAsync(() => Task.FromResult(++reads), n => n >= 3, "three reads", n => $"{n} reads");

        Assert.Equal(3, value);
    }

    [Fact]
    public async Task Recheck_TimesOut_NamingWhatItExpectedAndTheLastValueRead()
    {
        var reads = 0;

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() =>
            Recheck.UntilAsync(() => Task.FromResult(++reads), _ => false, "the row to be sent", n => $"read {n} times", TimeSpan.FromMilliseconds(300)));

        Assert.StartsWith("Waited ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("for the row to be sent; last read: read ", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"read {reads} times", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recheck_AsksForTheChangeSignalBeforeEachRead()
    {
        var signals = 0;
        var reads = 0;

        await Recheck.UntilAsync(() => Task.FromResult(++reads), n => n >= 2, "two reads", n => $"{n}",
            changed: () =>
            {
                signals++;
                Assert.Equal(signals - 1, reads);
                return Task.CompletedTask;
            });

        Assert.Equal((2, 2), (signals, reads));
    }

    private static async Task SendAsync(Mailbox mailbox, string to, string subject, string text)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("kundportal@inera.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", mailbox.Port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
    }
}
