using Elsa.Kundportal.Activities;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Host.Components.Tasks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>The pages a task address answers with: its form, or a message that says why not (in Swedish, without a word about the order).</summary>
internal static class TaskPages
{
    public static RazorComponentResult<TaskDocument> Form(HttpContext http, IAntiforgery antiforgery, TaskAddress address, TaskView view, int status) =>
        new(new Dictionary<string, object?>
        {
            [nameof(TaskDocument.View)] = view with { FormAction = address.Path, Antiforgery = antiforgery.GetAndStoreTokens(http) },
        }) { StatusCode = status };

    public static RazorComponentResult<TaskDocument> Message(HttpContext http, int status, string title, string text, string? link)
    {
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        return new(new Dictionary<string, object?>
        {
            [nameof(TaskDocument.View)] = new TaskView
            {
                Title = title, Stage = TaskStage.Message, Paragraphs = [text],
                Links = link is null ? [("/", "Till startsidan")] : [(link, "Försök igen"), ("/", "Till startsidan")],
            },
        }) { StatusCode = status };
    }

    public static RazorComponentResult<TaskDocument> Unknown(HttpContext http) =>
        Message(http, StatusCodes.Status404NotFound, "Länken finns inte", "Länken är okänd. Kontrollera att du har kopierat hela länken från mejlet, eller använd länken i det senaste mejlet.", null);

    public static RazorComponentResult<TaskDocument> Forbidden(HttpContext http) =>
        Message(http, StatusCodes.Status403Forbidden, "Uppgiften är inte din",
            "Den här länken är personlig och gäller en annan person än den som är inloggad. Logga ut och logga in som mottagaren av mejlet.", null);

    public static RazorComponentResult<TaskDocument> Handled(HttpContext http, string? by, DateTimeOffset? at) =>
        Message(http, StatusCodes.Status410Gone, "Uppgiften är redan hanterad",
            $"Uppgiften är redan hanterad av {by ?? "någon annan"}{(at is { } t ? $" {MailText.Date(t)}" : "")}. Du behöver inte göra något mer.", null);

    public static RazorComponentResult<TaskDocument> Withdrawn(HttpContext http, DateTimeOffset? at) =>
        Message(http, StatusCodes.Status410Gone, "Länken gäller inte längre",
            $"Länken återkallades {(at is { } t ? MailText.Date(t) : "")}, till exempel för att uppgiften avslutades eller en ny länk skickades. Använd länken i det senaste mejlet.", null);

    public static RazorComponentResult<TaskDocument> Expired(HttpContext http, DateTimeOffset expires) =>
        Message(http, StatusCodes.Status410Gone, "Länken har gått ut", $"Uppgiften gick ut {MailText.Date(expires)}. Kontakta Ineras Kundservice om ni vill börja om: {Kundservice(http)}.", null);

    /// <summary>How to reach Ineras Kundservice, as configured: "e-post …, telefon …".</summary>
    public static string Kundservice(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<KundportalOptions>>().Value.KundserviceContact;
}
