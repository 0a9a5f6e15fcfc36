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
