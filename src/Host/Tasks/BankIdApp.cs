using Elsa.Kundportal.Host.Components.Tasks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>The simulator's "BankID app": shows what the user signs, and lets the user sign or cancel.</summary>
internal static class BankIdApp
{
    public static async Task<IResult> OpenAsync(string autoStartToken, HttpContext http, BankIdSimulator simulator, IAntiforgery antiforgery)
    {
        var order = await simulator.OpenAsync(autoStartToken, http.RequestAborted);
        if (order is null)
            return TaskPages.Message(http, StatusCodes.Status404NotFound, "BankID (simulator)", "Ingen BankID-order väntar på den här enheten.", null);
        return App(http, antiforgery, autoStartToken, order.UserVisibleData);
    }

    public static async Task<IResult> AnswerAsync(string autoStartToken, HttpContext http, BankIdSimulator simulator, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return TaskPages.Message(http, StatusCodes.Status400BadRequest, "BankID (simulator)", "Formuläret har gått ut. Ladda om sidan.", null);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var answer = await simulator.AnswerAsync(autoStartToken, form["answer"] == "sign", http.RequestAborted);
        if (answer is null)
            return TaskPages.Message(http, StatusCodes.Status404NotFound, "BankID (simulator)", "Ingen BankID-order väntar på den här enheten.", null);
        // The answer that stands: a second click on the other button does not change the first.
        return TaskPages.Message(http, StatusCodes.Status200OK, "BankID (simulator)",
            answer.Value ? "Du har skrivit under. Gå tillbaka till Kundportalen och välj \"Jag har signerat i BankID-appen\"." : "Du avbröt. Gå tillbaka till Kundportalen.", null);
    }

    private static RazorComponentResult<TaskDocument> App(HttpContext http, IAntiforgery antiforgery, string autoStartToken, string text) =>
        new(new Dictionary<string, object?>
        {
            [nameof(TaskDocument.View)] = new TaskView
            {
                Title = "BankID (simulator)",
                Lead = "Det här är en simulator av BankID-appen. Ingen riktig legitimering sker.",
                Sections = [new TaskSection("Du skriver under", [("Text", text)])],
                Fields = [new TaskField("answer", "Svar", FieldKind.Radio) { Options = [("sign", "Skriv under"), ("cancel", "Avbryt")], Value = "sign" }],
                FormAction = $"/bankid-simulator/{autoStartToken}",
                Antiforgery = antiforgery.GetAndStoreTokens(http),
                SubmitLabel = "Bekräfta i appen",
            },
        });
}
