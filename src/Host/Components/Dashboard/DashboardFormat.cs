using System.Globalization;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Workflows.Persistence;

namespace Elsa.Kundportal.Host.Components.Dashboard;

/// <summary>Times, durations and statuses as the dashboard shows them: Swedish, in Swedish local time.</summary>
internal static class DashboardFormat
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? MailText.Date(t) : "–";

    public static string Day(DateOnly day) => day.ToString("d MMM", Swedish);

    /// <summary>
    /// The BankID completion kept with a decision, as operations read it: whose BankID, the device, when the BankID was
    /// issued, the document's hash, and that a signature and an OCSP response exist (their size; the blobs themselves
    /// stay in the journal and the API, not on the page). Empty when the entry has none.
    /// </summary>
    public static IReadOnlyList<(string Label, string Value)> BankIdCompletion(string? data)
    {
        if (data is null || !data.Contains("bankIdCompletion", StringComparison.Ordinal))
            return [];
        var json = System.Text.Json.Nodes.JsonNode.Parse(data);
        if (json?["bankIdCompletion"] is not System.Text.Json.Nodes.JsonObject completion)
            return [];
        string? Text(System.Text.Json.Nodes.JsonNode? node) => node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
        string Blob(string name) => Text(completion[name]) is { Length: > 0 } blob ? $"finns ({blob.Length:N0} tecken, visas inte här)" : "saknas";
        return
        [
            ("Personnummer", Text(completion["user"]?["personalNumber"]) ?? ""),
            ("Namn", Text(completion["user"]?["name"]) ?? ""),
            ("Enhetens IP-adress", Text(completion["device"]?["ipAddress"]) ?? ""),
            ("BankID utfärdat", Text(completion["bankIdIssueDate"]) ?? ""),
            ("BankID-order", Text(json["reference"]) ?? ""),
            ("Dokumentets SHA-256", Text(json["documentHash"]) ?? ""),
            ("Underskrift", Blob("signature")),
            ("OCSP-svar", Blob("ocspResponse")),
        ];
    }

    public static string Duration(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
            return "–";
        if (span.TotalDays >= 1)
            return $"{(int)span.TotalDays} d {span.Hours} h";
        if (span.TotalHours >= 1)
            return $"{(int)span.TotalHours} h {span.Minutes} min";
        return $"{Math.Max(1, (int)span.TotalMinutes)} min";
    }

    public static string Number(long value) => value.ToString("N0", Swedish);

    public static string Status(string status, string subStatus) => (status, subStatus) switch
    {
        (_, WorkflowSubStatus.Faulted) => "Fel (incident)",
        (_, WorkflowSubStatus.Cancelled) => "Avbrutet",
        (WorkflowStatus.Finished, _) => "Avslutat",
        (_, WorkflowSubStatus.Suspended) => "Väntar",
        _ => "Pågår",
    };

    public static string StatusClass(string status, string subStatus) => (status, subStatus) switch
    {
        (_, WorkflowSubStatus.Faulted) => "status status-faulted",
        (_, WorkflowSubStatus.Cancelled) => "status status-cancelled",
        (WorkflowStatus.Finished, _) => "status status-finished",
        _ => "status status-running",
    };

    public static string Order(OrderStatus? status) => status switch
    {
        OrderStatus.Placed => "Skickad till agenten",
        OrderStatus.AgentReviewed => "Granskad av agenten",
        OrderStatus.AgentAttested => "Attesterad av agenten",
        OrderStatus.CustomerAttested => "Attesterad av kunden",
        OrderStatus.Completed => "Klar",
        OrderStatus.Rejected => "Avslagen",
        OrderStatus.Cancelled => "Avbruten",
        OrderStatus.Expired => "Utgången",
        _ => "",
    };

    public static string JournalKind(string kind) => kind switch
    {
        JournalKinds.InstanceStarted => "Startad",
        JournalKinds.ActivityStarted => "Steg påbörjat",
        JournalKinds.ActivityCompleted => "Steg klart",
        JournalKinds.BookmarkCreated => "Väntar",
        JournalKinds.BookmarkResumed => "Återupptaget",
        JournalKinds.BookmarkWithdrawn => "Länk återkallad",
        JournalKinds.BookmarkReissued => "Ny länk skickad",
        JournalKinds.IncidentRecorded => "Fel",
        JournalKinds.IncidentRetried => "Försökt igen",
        JournalKinds.InstanceMigrated => "Flyttad till ny version",
        JournalKinds.InstanceFinished => "Avslutad",
        JournalKinds.InstanceCancelled => "Avbruten",
        "Decision" => "Beslut",
        "Reminder" => "Påminnelse",
        "Expired" => "Tiden gick ut",
        "Notice" => "Händelse",
        JournalKinds.Note => "Anteckning",
        _ => kind,
    };

    public static string Bookmark(string name) => name switch
    {
        "Kundportal.Task" => "Personlig länk",
        "Kundportal.Reminder" => "Påminnelse",
        "Kundportal.Expiry" => "Går ut",
        _ => name,
    };

    public static string BookmarkStatus(string status) => status switch
    {
        Workflows.Persistence.BookmarkStatus.Active => "Gäller",
        Workflows.Persistence.BookmarkStatus.Resumed => "Använd",
        Workflows.Persistence.BookmarkStatus.Withdrawn => "Återkallad",
        _ => status,
    };

    public static string Outbox(string status) => status switch
    {
        OutboxStatus.Pending => "I kö",
        OutboxStatus.Sent => "Skickat",
        OutboxStatus.Failed => "Misslyckades",
        _ => status,
    };
}
