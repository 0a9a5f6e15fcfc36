using Elsa.Kundportal.Host.BankId;

namespace Elsa.Kundportal.Host.Tests.BankId;

/// <summary>BankID's recommended user messages, in Swedish, chosen per hintCode and errorCode as its guidelines say.</summary>
public sealed class BankIdMessagesTests
{
    [Theory]
    [InlineData("outstandingTransaction", false, "Starta BankID-appen.")]                       // RFA1
    [InlineData("outstandingTransaction", true, "Försöker starta BankID-appen.")]               // RFA13
    [InlineData("noClient", false, "Starta BankID-appen.")]                                     // RFA1
    [InlineData("started", false, "Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här enheten.")] // RFA15
    [InlineData("userSign", false, "Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.")] // RFA9
    [InlineData("userMrtd", false, "Fotografera och läs av din ID-handling med BankID-appen.")] // RFA23
    [InlineData("somethingNew", false, "En identifiering eller underskrift pågår.")]            // RFA21
    public void Pending(string hintCode, bool autoStarted, string message) => Assert.Equal(message, BankIdMessages.Pending(hintCode, autoStarted));

    [Theory]
    [InlineData("expiredTransaction", false, "BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Försök sedan igen.")] // RFA8
    [InlineData("certificateErr", false, "Ditt BankID är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.")] // RFA16
    [InlineData("userCancel", false, "Åtgärden avbröts.")]                                     // RFA6
    [InlineData("cancelled", false, "Åtgärden avbröts. Försök igen.")]                         // RFA3
    [InlineData("startFailed", false, "Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden.")] // RFA17B
    [InlineData("startFailed", true, "Du verkar inte ha BankID-appen/programmet. Installera den och skaffa ett BankID hos din bank.")] // RFA17A
    [InlineData("somethingNew", false, "Något gick fel. Försök igen.")]                        // RFA22
    public void Failed(string hintCode, bool autoStarted, string message) => Assert.Equal(message, BankIdMessages.Failed(hintCode, autoStarted));

    [Theory]
    [InlineData("alreadyInProgress", "En identifiering eller underskrift pågår redan för ditt personnummer. Försök igen.")] // RFA4
    [InlineData("maintenance", "Något gick fel. Försök igen.")]                                // RFA5
    [InlineData("internalError", "Något gick fel. Försök igen.")]                              // RFA5
    [InlineData("requestTimeout", "Något gick fel. Försök igen.")]                             // RFA5
    [InlineData("invalidParameters", BankIdMessages.OurFault)]                                // not shown as a BankID error
    [InlineData("unauthorized", BankIdMessages.OurFault)]
    [InlineData("somethingNew", "Något gick fel. Försök igen.")]                               // RFA22
    public void Error(string errorCode, string message) => Assert.Equal(message, BankIdMessages.Error(errorCode));
}
