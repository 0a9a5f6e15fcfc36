namespace Elsa.Kundportal.Host.BankId;

/// <summary>
/// What the person is told while BankID works and when it fails: BankID's recommended user messages (RFA1–RFA23, in
/// Swedish as BankID words them) chosen per <c>hintCode</c> and <c>errorCode</c> as BankID's relying party guidelines say.
/// Errors that are the relying party's own fault (invalidParameters, unauthorized, …) are not shown as BankID errors.
/// </summary>
public static class BankIdMessages
{
    public const string Rfa1 = "Starta BankID-appen.";
    public const string Rfa3 = "Åtgärden avbröts. Försök igen.";
    public const string Rfa4 = "En identifiering eller underskrift pågår redan för ditt personnummer. Försök igen.";
    public const string Rfa5 = "Något gick fel. Försök igen.";
    public const string Rfa6 = "Åtgärden avbröts.";
    public const string Rfa8 = "BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Försök sedan igen.";
    public const string Rfa9 = "Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.";
    public const string Rfa13 = "Försöker starta BankID-appen.";
    public const string Rfa15B = "Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här enheten.";
    public const string Rfa16 = "Ditt BankID är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.";
    public const string Rfa17A = "Du verkar inte ha BankID-appen/programmet. Installera den och skaffa ett BankID hos din bank.";
    public const string Rfa17B = "Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden.";
    public const string Rfa20 = "Vill du använda BankID på den här enheten eller på en annan enhet?";
    public const string Rfa21 = "En identifiering eller underskrift pågår.";
    public const string Rfa22 = "Något gick fel. Försök igen.";
    public const string Rfa23 = "Fotografera och läs av din ID-handling med BankID-appen.";

    /// <summary>Not BankID's: the order was completed with a BankID of someone else than the person it was for.</summary>
    public const string WrongPerson = "Du skrev under med ett annat BankID än det som hör till mottagaren av uppgiften. Ingenting har registrerats. Uppgiften kan bara bekräftas med mottagarens eget BankID.";

    /// <summary>Not BankID's: the portal's own connection to BankID is wrong (invalidParameters, unauthorized, …).</summary>
    public const string OurFault = "BankID kan inte användas just nu på grund av ett fel hos Inera. Försök igen senare eller kontakta Ineras Kundservice.";

    /// <summary>While the order is pending. <paramref name="autoStarted"/>: the page tried to open the app on this device.</summary>
    public static string Pending(string? hintCode, bool autoStarted) => hintCode switch
    {
        "outstandingTransaction" => autoStarted ? Rfa13 : Rfa1,
        "noClient" => Rfa1,
        "started" => Rfa15B,
        "userMrtd" => Rfa23,
        "userSign" => Rfa9,
        _ => Rfa21,
    };

    /// <summary>When the order failed. <paramref name="autoStarted"/> chooses between the two startFailed messages.</summary>
    public static string Failed(string? hintCode, bool autoStarted) => hintCode switch
    {
        "expiredTransaction" => Rfa8,
        "certificateErr" => Rfa16,
        "userCancel" => Rfa6,
        "cancelled" => Rfa3,
        "startFailed" => autoStarted ? Rfa17A : Rfa17B,
        BankIdSessionStatus.WrongPerson => WrongPerson,
        _ => Rfa22,
    };

    /// <summary>When BankID refused to start or answer (its errorCode).</summary>
    public static string Error(string? errorCode) => errorCode switch
    {
        BankIdException.AlreadyInProgress => Rfa4,
        BankIdException.RequestTimeout or BankIdException.InternalError or BankIdException.Maintenance or BankIdException.Unreachable => Rfa5,
        BankIdException.InvalidParameters or BankIdException.Unauthorized or BankIdException.NotFound
            or BankIdException.MethodNotAllowed or BankIdException.UnsupportedMediaType => OurFault,
        _ => Rfa22,
    };
}
